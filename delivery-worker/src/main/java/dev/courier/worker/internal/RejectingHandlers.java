package dev.courier.worker.internal;

import dev.courier.events.EventCodec;
import dev.courier.events.EventLimits;
import dev.courier.events.RejectReason;
import dev.courier.events.Rejected;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last line of "bad input never stalls": whatever still fails to deserialize or to process goes to the
 * {@code rejected} topic as a {@link Rejected} record (through Streams' dead-letter records, inside the task's
 * transaction) and the task goes on with the next record. The rejected topic's name comes from
 * {@value #REJECTED_TOPIC_CONFIG} in the Streams config.
 */
public final class RejectingHandlers {

    public static final String REJECTED_TOPIC_CONFIG = "courier.rejected.topic";

    private static final Logger LOG = LoggerFactory.getLogger(RejectingHandlers.class);
    private static final EventCodec CODEC = new EventCodec(EventLimits.defaults());

    private RejectingHandlers() {
    }

    static String topicFrom(Map<String, ?> configs) {
        Object topic = configs.get(REJECTED_TOPIC_CONFIG);
        if (topic == null) {
            throw new IllegalStateException(REJECTED_TOPIC_CONFIG + " is not set in the Streams config");
        }
        return topic.toString();
    }

    static ProducerRecord<byte[], byte[]> rejection(String rejectedTopic, ErrorHandlerContext ctx, byte[] rawKey,
                                                   byte[] rawValue, String what, Exception e) {
        String key = rawKey == null ? null : new String(rawKey, StandardCharsets.UTF_8);
        String raw = rawValue == null ? null : new String(rawValue, StandardCharsets.UTF_8);
        String detail = what + " failed at " + ctx.topic() + "-" + ctx.partition() + "@" + ctx.offset() + ": " + e;
        LOG.warn("rejecting input: {}", detail, e);
        Rejected rejected = new Rejected(key, RejectReason.INVALID, detail, ctx.topic(), ctx.partition(), ctx.offset(),
                raw, Instant.ofEpochMilli(ctx.timestamp()));
        return new ProducerRecord<>(rejectedTopic, null, ctx.timestamp(), rawKey, CODEC.encode(rejected));
    }

    /** A record whose key or value cannot be deserialized. */
    public static final class Deserialization implements DeserializationExceptionHandler {
        private String rejectedTopic;

        @Override
        public void configure(Map<String, ?> configs) {
            rejectedTopic = topicFrom(configs);
        }

        @Override
        public Response handleError(ErrorHandlerContext ctx, ConsumerRecord<byte[], byte[]> record, Exception e) {
            return Response.resume(List.of(rejection(rejectedTopic, ctx, record.key(), record.value(),
                    "deserialization", e)));
        }
    }

    /** A processor that throws on a record (a bug, or input the processor did not foresee). */
    public static final class Processing implements ProcessingExceptionHandler {
        private String rejectedTopic;

        @Override
        public void configure(Map<String, ?> configs) {
            rejectedTopic = topicFrom(configs);
        }

        @Override
        public Response handleError(ErrorHandlerContext ctx, Record<?, ?> record, Exception e) {
            return Response.resume(List.of(rejection(rejectedTopic, ctx, ctx.sourceRawKey(), ctx.sourceRawValue(),
                    "processing in " + ctx.processorNodeId(), e)));
        }
    }
}
