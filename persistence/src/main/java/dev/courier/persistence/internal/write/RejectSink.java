package dev.courier.persistence.internal.write;

import dev.courier.events.Rejected;
import java.util.List;

/** Where refused records go ({@code rejected}); {@link #publish} returns only once they are durably written. */
@FunctionalInterface
public interface RejectSink {

    /** A rejection and the key to publish it under (the chat id for chat-scoped inputs). */
    record Rejection(String key, Rejected rejected) {
    }

    /** @throws RejectPublishException if they could not all be written; they stay unpublished in sink_rejects. */
    void publish(List<Rejection> rejections);

    final class RejectPublishException extends RuntimeException {
        public RejectPublishException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
