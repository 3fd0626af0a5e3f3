package dev.courier.worker.internal;

import dev.courier.events.ChatEvent;
import dev.courier.events.CourierEvent;
import dev.courier.events.Decoded;
import dev.courier.events.ReceiptSubmitted;
import dev.courier.events.Topics;
import dev.courier.worker.WorkerMetrics;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Sends each input to the task that owns its chat. A chat's state lives in the task of the partition its id maps to
 * under Java's default partitioner (murmur2), where Courier's own producers put it; librdkafka-based clients (kcat, Go,
 * Python, .NET, Node) hash keys with CRC32 by default and put it elsewhere. Such a record goes through the
 * {@code reroute} topic, whose default partitioning is murmur2 again, to the right task; everything else goes straight
 * to the chat processor. Only misrouted records pay the hop, and one producer's records for a chat all take the same
 * way, so their order is kept.
 *
 * <p>A re-routed record carries its original topic, partition and offset in headers: a rejection names where the input
 * really was, and ops re-drive it there.
 */
public final class ChatRouter implements Processor<String, Decoded<?>, String, Object> {

    static final String SOURCE_TOPIC = "courier.source-topic";
    static final String SOURCE_PARTITION = "courier.source-partition";
    static final String SOURCE_OFFSET = "courier.source-offset";

    private final int partitions;
    private final String chatChild;
    private final String rerouteChild;
    private final WorkerMetrics metrics;
    private ProcessorContext<String, Object> context;

    /** @param partitions the partition count of the chat-scoped input topics (co-partitioned with {@code reroute}) */
    public ChatRouter(int partitions, String chatChild, String rerouteChild, WorkerMetrics metrics) {
        if (partitions < 1) {
            throw new IllegalArgumentException("the input topics' partition count must be known, was " + partitions);
        }
        this.partitions = partitions;
        this.chatChild = chatChild;
        this.rerouteChild = rerouteChild;
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
    }

    @Override
    public void process(Record<String, Decoded<?>> record) {
        RecordMetadata md = context.recordMetadata().orElse(null);
        // An invalid value needs no chat state (it is rejected where it is), nor does a record whose key is not its
        // chat's id (rejected for that by the chat processor).
        if (md != null && record.value() instanceof Decoded.Valid<?> valid && chatKeyed(record.key(), valid.event())
                && md.partition() != partitionOf(record.key())) {
            Headers headers = new RecordHeaders(record.headers().toArray());
            headers.add(SOURCE_TOPIC, md.topic().getBytes(StandardCharsets.UTF_8));
            headers.add(SOURCE_PARTITION, Integer.toString(md.partition()).getBytes(StandardCharsets.UTF_8));
            headers.add(SOURCE_OFFSET, Long.toString(md.offset()).getBytes(StandardCharsets.UTF_8));
            context.forward(new Record<String, Object>(record.key(), valid.event(), record.timestamp(), headers), rerouteChild);
            metrics.rerouted();
            return;
        }
        context.forward(new Record<String, Object>(record.key(), record.value(), record.timestamp(), record.headers()), chatChild);
    }

    int partitionOf(String key) {
        return Topics.chatPartition(key, partitions);
    }

    private static boolean chatKeyed(String key, CourierEvent event) {
        Object chat = event instanceof ChatEvent ce ? ce.chatId() : event instanceof ReceiptSubmitted r ? r.chatId() : null;
        return key != null && chat != null && key.equals(chat.toString());
    }
}
