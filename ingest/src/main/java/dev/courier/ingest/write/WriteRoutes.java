package dev.courier.ingest.write;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.courier.events.internal.json.AsciiBytes;
import dev.courier.events.internal.json.IsoInstants;
import dev.courier.ingest.ApiProblem;
import dev.courier.ingest.Scope;
import dev.courier.ingest.internal.IngestMetrics;
import dev.courier.ingest.internal.ProblemResponses;
import dev.courier.ingest.write.WriteRequests.Accepted;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.common.errors.RetriableException;

/**
 * The write endpoints. Each validates its whole request first (400/413 and nothing published if anything is wrong),
 * publishes, and answers 202 only once Kafka acknowledged every record; 503 with {@code Retry-After} if that did not
 * happen within the publish timeout. Waiting is asynchronous: no HTTP thread is held while Kafka acks, and the answer
 * is written on {@code responder} (the HTTP thread pool), never on the producer's I/O thread: a client that stops
 * reading could otherwise block that thread in a socket write and stall every publish (writing inline measured up to
 * twice as fast on the batch path, see docs/benchmarks-journal.md, but is not worth that risk).
 */
public final class WriteRoutes {

    private static final int RETRY_AFTER_SECONDS = 1;
    private static final long SMALL_BODY = 16 * 1024;
    private static final long CHAT_BODY = 1024 * 1024;

    private final WriteRequests requests;
    private final JsonBodies bodies;
    private final Publisher publisher;
    private final ProblemResponses problems;
    private final IngestMetrics metrics;
    private final ObjectMapper mapper;
    private final Executor responder;
    private final Duration publishTimeout;
    private final long messageBody;
    private final long batchBody;

    public WriteRoutes(WriteRequests requests, JsonBodies bodies, Publisher publisher, ProblemResponses problems,
                       IngestMetrics metrics, ObjectMapper mapper, Executor responder, Duration publishTimeout,
                       int maxContentBytes, int maxBatchItems) {
        this.requests = requests;
        this.bodies = bodies;
        this.publisher = publisher;
        this.problems = problems;
        this.metrics = metrics;
        this.mapper = mapper;
        this.responder = responder;
        this.publishTimeout = publishTimeout;
        // A message's content may be JSON-escaped up to 6 bytes per byte (\\u0000); its other fields are short.
        this.messageBody = 6L * maxContentBytes + SMALL_BODY;
        // A batch is bounded less generously: escape-heavy content goes in smaller batches.
        this.batchBody = (long) maxBatchItems * (maxContentBytes + 2048L) + SMALL_BODY;
    }

    /** The largest body any write endpoint accepts. */
    public long maxBodyBytes() {
        return Math.max(Math.max(messageBody, batchBody), CHAT_BODY);
    }

    public void register(Javalin app) {
        app.post("/v1/chats", ctx -> write(ctx, requests.createChat(bodies.readBytes(ctx, CHAT_BODY), Instant.now())), Scope.PRODUCE);
        app.post("/v1/chats/{chatId}/members", ctx -> write(ctx,
                requests.join(ctx.pathParam("chatId"), bodies.readBytes(ctx, SMALL_BODY), Instant.now())), Scope.PRODUCE);
        app.delete("/v1/chats/{chatId}/members/{userId}", ctx -> write(ctx,
                requests.leave(ctx.pathParam("chatId"), ctx.pathParam("userId"), Instant.now())), Scope.PRODUCE);
        app.post("/v1/chats/{chatId}/messages", ctx -> write(ctx,
                requests.message(ctx.pathParam("chatId"), bodies.readBytes(ctx, messageBody), Instant.now())), Scope.PRODUCE);
        app.post("/v1/messages:batch", this::batch, Scope.PRODUCE);
        app.post("/v1/chats/{chatId}/receipts", ctx -> write(ctx,
                requests.receipt(ctx.pathParam("chatId"), bodies.readBytes(ctx, SMALL_BODY), Instant.now())), Scope.PRODUCE);
    }

    private void batch(Context ctx) {
        Accepted accepted = requests.batch(bodies.readBytes(ctx, batchBody), Instant.now());
        metrics.batch(accepted.records().size());
        write(ctx, accepted);
    }

    private void write(Context ctx, Accepted accepted) {
        ctx.future(() -> publisher.publish(accepted.records()).handleAsync((ok, error) -> {
            if (error == null) {
                ctx.status(202).contentType("application/json").result(json(accepted.response()));
            } else {
                problems.render(ctx, failure(error, accepted.records().size()));
            }
            return null;
        }, responder));
    }

    private static final byte[] MESSAGE_ID = AsciiBytes.of("{\"messageId\":\"");
    private static final byte[] CHAT_ID = AsciiBytes.of("\",\"chatId\":\"");
    private static final byte[] ACCEPTED_AT = AsciiBytes.of("\",\"acceptedAt\":\"");
    private static final byte[] END = AsciiBytes.of("\"}");
    private static final int MESSAGE_BYTES = MESSAGE_ID.length + 36 + CHAT_ID.length + 36 + ACCEPTED_AT.length + END.length;

    /**
     * {@code {"accepted":n,"results":[{"messageId":…,"chatId":…,"acceptedAt":…},…]}}, written into one array of the
     * exact size: every value is a canonical UUID or the request's one instant, fixed-length ASCII. (Jackson's
     * generator doubled the answer's share of a batch's CPU.)
     */
    static byte[] batchAnswer(WriteRequests.BatchAccepted b) {
        List<WriteRequests.MessageAccepted> results = b.results();
        byte[] acceptedAt = results.isEmpty() ? new byte[0] : IsoInstants.bytes(results.get(0).acceptedAt());
        byte[] head = AsciiBytes.of("{\"accepted\":" + b.accepted() + ",\"results\":[");
        byte[] out = new byte[head.length + results.size() * (MESSAGE_BYTES + acceptedAt.length + 1) + 1];
        int at = AsciiBytes.put(out, 0, head);
        for (int i = 0; i < results.size(); i++) {
            if (i > 0) {
                out[at++] = ',';
            }
            at = message(out, at, results.get(i), acceptedAt);
        }
        out[at++] = ']';
        out[at] = '}';
        return out;
    }

    /** {@code {"messageId":…,"chatId":…,"acceptedAt":…}}: the answer to one message, and each of a batch's. */
    private static int message(byte[] out, int at, WriteRequests.MessageAccepted m, byte[] acceptedAt) {
        at = AsciiBytes.put(out, at, MESSAGE_ID);
        at = AsciiBytes.put(out, at, m.messageId());
        at = AsciiBytes.put(out, at, CHAT_ID);
        at = AsciiBytes.put(out, at, m.chatId());
        at = AsciiBytes.put(out, at, ACCEPTED_AT);
        at = AsciiBytes.put(out, at, acceptedAt);
        return AsciiBytes.put(out, at, END);
    }

    private static byte[] messageAnswer(WriteRequests.MessageAccepted m) {
        byte[] acceptedAt = IsoInstants.bytes(m.acceptedAt());
        byte[] out = new byte[MESSAGE_BYTES + acceptedAt.length];
        message(out, 0, m, acceptedAt);
        return out;
    }

    private ApiProblem failure(Throwable error, int records) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        String what = records == 1 ? "the write" : "all " + records + " writes";
        if (cause instanceof TimeoutException || cause instanceof org.apache.kafka.common.errors.TimeoutException) {
            return ApiProblem.unavailable("Kafka did not acknowledge " + what + " within " + publishTimeout.toMillis()
                    + " ms; retry (message ids are derived from chatId, senderId and clientMessageId, so a retry is not"
                    + " a duplicate)", RETRY_AFTER_SECONDS);
        }
        if (cause instanceof RetriableException || cause instanceof IllegalStateException) {
            return ApiProblem.unavailable("publishing failed (" + cause.getClass().getSimpleName() + ": "
                    + cause.getMessage() + "); retry", RETRY_AFTER_SECONDS);
        }
        return new ApiProblem(500, "publish_failed", "Publishing failed", "Kafka refused " + what + ": "
                + cause.getClass().getSimpleName() + ": " + cause.getMessage(), List.of(), Map.of());
    }

    private byte[] json(Object response) {
        // The answers to message writes (the hot ones) are written by hand, one writer; the rest by reflection.
        if (response instanceof WriteRequests.BatchAccepted b) {
            return batchAnswer(b);
        }
        if (response instanceof WriteRequests.MessageAccepted m) {
            return messageAnswer(m);
        }
        try {
            return mapper.writeValueAsBytes(response);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("response records always serialize", e);
        }
    }
}
