package dev.courier.persistence.internal.batch;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * What one flush writes: the records in consumption order (within a partition, offset order), per partition the next
 * offset to consume once they are written, and the owner epoch the writer holds for it (0 when it claimed nothing,
 * as in tools and tests that write without a consumer group).
 */
public record Batch(List<SinkRecord> records, Map<TopicPartition, Long> nextOffsets, Map<TopicPartition, Long> epochs) {

    public Batch {
        records = List.copyOf(records);
        nextOffsets = Map.copyOf(nextOffsets);
        epochs = Map.copyOf(epochs);
    }

    public static Batch of(List<SinkRecord> records) {
        Map<TopicPartition, Long> next = new HashMap<>();
        for (SinkRecord r : records) {
            next.merge(r.partition(), r.offset() + 1, Math::max);
        }
        return new Batch(records, next, Map.of());
    }

    /**
     * This batch as written by the owner of its partitions: each next offset raised to the consumer's position where
     * that is further (past transaction markers and aborted records, which hold no row: a caught-up sink then shows no
     * lag in any tool), and the owner's epochs.
     */
    public Batch owned(Map<TopicPartition, Long> positions, Map<TopicPartition, Long> ownerEpochs) {
        Map<TopicPartition, Long> next = new HashMap<>(nextOffsets);
        next.replaceAll((tp, o) -> Math.max(o, positions.getOrDefault(tp, o)));
        Map<TopicPartition, Long> e = new HashMap<>();
        next.keySet().forEach(tp -> e.put(tp, ownerEpochs.getOrDefault(tp, 0L)));
        return new Batch(records, next, e);
    }

    public long epoch(TopicPartition tp) {
        return epochs.getOrDefault(tp, 0L);
    }

    public int size() {
        return records.size();
    }

    public boolean isEmpty() {
        return records.isEmpty();
    }

    /** This batch without the records and offsets of {@code revoked} partitions. */
    public Batch without(Collection<TopicPartition> revoked) {
        Map<TopicPartition, Long> next = new HashMap<>(nextOffsets);
        next.keySet().removeAll(revoked);
        Map<TopicPartition, Long> e = new HashMap<>(epochs);
        e.keySet().removeAll(revoked);
        return new Batch(records.stream().filter(r -> !revoked.contains(r.partition())).toList(), next, e);
    }
}
