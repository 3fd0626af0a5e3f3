package dev.courier.ops.replay;

import dev.courier.events.ChatEvent;
import dev.courier.events.CourierEvent;
import dev.courier.events.Decoded;
import dev.courier.events.MessageSent;
import dev.courier.events.ReceiptAdvanced;
import dev.courier.events.Topic;
import dev.courier.events.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * One chat's records in chat-log (from a seq on) and receipts, read from the one partition that holds the chat in each
 * (chat-scoped topics are keyed by chat id and co-partitioned), up to their end as of now.
 */
public final class ChatHistory {

    /** A record as read: where, its key, its value as text, and what it decoded to (null when it did not). */
    public record Entry(String topic, int partition, long offset, String key, String rawValue, CourierEvent event) {
    }

    private final List<Entry> chatLog;
    private final List<Entry> receipts;

    private ChatHistory(List<Entry> chatLog, List<Entry> receipts) {
        this.chatLog = chatLog;
        this.receipts = receipts;
    }

    public static ChatHistory read(Map<String, Object> clientProperties, Topics topics, UUID chat, long fromSeq) {
        Map<String, Object> c = new HashMap<>(clientProperties);
        c.remove(ConsumerConfig.GROUP_ID_CONFIG);
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(c, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<Entry> log = read(consumer, topics.chatLog(), chat).stream()
                    .filter(e -> e.event() instanceof ChatEvent ce && ce.seq() != null && ce.seq() >= fromSeq).toList();
            List<Entry> receipts = read(consumer, topics.receipts(), chat).stream()
                    .filter(e -> e.event() instanceof ReceiptAdvanced r && r.upToSeq() >= fromSeq).toList();
            return new ChatHistory(log, receipts);
        }
    }

    private static List<Entry> read(KafkaConsumer<String, byte[]> consumer, Topic<?> topic, UUID chat) {
        int partitions = consumer.partitionsFor(topic.name(), Duration.ofSeconds(30)).size();
        String key = chat.toString();
        TopicPartition tp = new TopicPartition(topic.name(), Topics.chatPartition(key, partitions));
        consumer.assign(List.of(tp));
        consumer.seekToBeginning(List.of(tp));
        long end = consumer.endOffsets(List.of(tp)).get(tp);
        var decoder = topic.decodedSerde().deserializer();
        List<Entry> out = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (consumer.position(tp) < end) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("could not read " + tp + " to its end within 5 minutes");
            }
            for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                if (r.offset() < end && key.equals(r.key())) {
                    Decoded<?> d = decoder.deserialize(r.topic(), r.value());
                    out.add(new Entry(r.topic(), r.partition(), r.offset(), r.key(),
                            r.value() == null ? null : new String(r.value(), StandardCharsets.UTF_8),
                            d instanceof Decoded.Valid<?> v ? v.event() : null));
                }
            }
        }
        return out;
    }

    public List<Entry> chatLog() {
        return chatLog;
    }

    public List<Entry> receipts() {
        return receipts;
    }

    /** The chat's messages in the log, by message id. */
    public Map<UUID, ChatDiff.MessageRow> messages() {
        Map<UUID, ChatDiff.MessageRow> out = new HashMap<>();
        chatLog.stream().map(Entry::event).filter(MessageSent.class::isInstance).map(MessageSent.class::cast)
                .forEach(m -> out.put(m.messageId(), new ChatDiff.MessageRow(m.messageId(), m.seq(), m.content())));
        return out;
    }
}
