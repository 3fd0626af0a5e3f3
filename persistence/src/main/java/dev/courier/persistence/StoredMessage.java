package dev.courier.persistence;

import java.time.Instant;
import java.util.UUID;

/** A message as history holds it, with the event field names, plus when the sink wrote it. */
public record StoredMessage(UUID messageId, UUID chatId, long seq, UUID senderId, String clientMessageId,
                            String content, Instant sentAt, Instant acceptedAt, Instant persistedAt) {
}
