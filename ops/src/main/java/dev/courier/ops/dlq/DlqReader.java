package dev.courier.ops.dlq;

import dev.courier.events.Decoded;
import dev.courier.events.Rejected;
import dev.courier.events.Topic;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads the {@code rejected} topic without a consumer group (read_committed: the worker writes it in transactions),
 * from given offsets up to the end as it was when the read began, so a scan ends even while rejections keep coming.
 */
public final class DlqReader implements AutoCloseable {

    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration STALL = Duration.ofSeconds(30);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Topic<Rejected> topic;
    private final Deserializer<Decoded<Rejected>> decoder;
    private final List<TopicPartition> partitions;
    private long unreadable;

    public DlqReader(Map<String, Object> clientProperties, Topic<Rejected> topic) {
        Map<String, Object> c = new HashMap<>(clientProperties);
        c.remove(ConsumerConfig.GROUP_ID_CONFIG);
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        c.putIfAbsent(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000);
        c.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "courier-dlq");
        this.consumer = new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.topic = topic;
        this.decoder = topic.decodedSerde().deserializer();
        this.partitions = consumer.partitionsFor(topic.name(), Duration.ofSeconds(10)).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).sorted(java.util.Comparator.comparingInt(TopicPartition::partition))
                .toList();
        if (partitions.isEmpty()) {
            consumer.close();
            throw new IllegalStateException("topic " + topic.name() + " does not exist (courier topics create)");
        }
    }

    public int partitionCount() {
        return partitions.size();
    }

    /**
     * Visits every record from {@code from} (partition → offset; a partition not in it from its beginning) up to the
     * end as of now, in offset order per partition, until {@code visitor} answers false. Answers the next offset of each
     * partition after what was visited.
     */
    public Map<Integer, Long> scan(Map<Integer, Long> from, Predicate<DlqEntry> visitor) {
        consumer.assign(partitions);
        Map<TopicPartition, Long> start = new HashMap<>();
        Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions);
        for (TopicPartition tp : partitions) {
            start.put(tp, Math.max(begin.get(tp), from.getOrDefault(tp.partition(), 0L)));
            consumer.seek(tp, start.get(tp));
        }
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
        Map<Integer, Long> next = new HashMap<>();
        start.forEach((tp, o) -> next.put(tp.partition(), o));
        long lastProgress = System.nanoTime();
        while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
            var records = consumer.poll(POLL);
            if (!records.isEmpty()) {
                lastProgress = System.nanoTime();
            } else if (System.nanoTime() - lastProgress > STALL.toNanos()) {
                throw new IllegalStateException("no progress reading " + topic.name() + " for " + STALL.toSeconds() + " s");
            }
            for (ConsumerRecord<byte[], byte[]> r : records) {
                if (r.offset() >= end.get(new TopicPartition(r.topic(), r.partition()))) {
                    continue; // arrived after the scan began: the next scan sees it
                }
                next.put(r.partition(), r.offset() + 1);
                Decoded<Rejected> d = decoder.deserialize(r.topic(), r.value());
                if (!(d instanceof Decoded.Valid<Rejected> valid)) {
                    unreadable++;
                    continue;
                }
                if (!visitor.test(new DlqEntry(r.partition(), r.offset(), valid.event(), Redrive.count(r.headers())))) {
                    return next;
                }
            }
        }
        for (TopicPartition tp : partitions) {
            next.put(tp.partition(), Math.max(next.get(tp.partition()), end.get(tp)));
        }
        return next;
    }

    /** The record at {@code partition:offset}, if there is one. */
    public Optional<DlqEntry> at(int partition, long offset) {
        if (partition < 0 || partition >= partitions.size()) {
            throw new IllegalArgumentException(topic.name() + " has partitions 0 to " + (partitions.size() - 1) + ", not " + partition);
        }
        DlqEntry[] found = new DlqEntry[1];
        TopicPartition tp = partitions.get(partition);
        consumer.assign(List.of(tp));
        Map<TopicPartition, Long> end = consumer.endOffsets(List.of(tp));
        if (offset < consumer.beginningOffsets(List.of(tp)).get(tp) || offset >= end.get(tp)) {
            return Optional.empty();
        }
        consumer.seek(tp, offset);
        long deadline = System.nanoTime() + STALL.toNanos();
        while (found[0] == null && consumer.position(tp) <= offset && System.nanoTime() < deadline) {
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(POLL)) {
                if (r.offset() == offset && decoder.deserialize(r.topic(), r.value()) instanceof Decoded.Valid<Rejected> v) {
                    found[0] = new DlqEntry(r.partition(), r.offset(), v.event(), Redrive.count(r.headers()));
                }
            }
        }
        return Optional.ofNullable(found[0]);
    }

    /** Records skipped because they were not readable rejections. */
    public long unreadable() {
        return unreadable;
    }

    @Override
    public void close() {
        consumer.close();
    }
}
