package dev.courier.persistence.internal.batch;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * What one flush writes: the records in consumption order (within a partition, offset order) and, per partition,
 * the next offset to consume once they are written.
 */
public record Batch(List<SinkRecord> records, Map<TopicPartition, Long> nextOffsets) {

    public Batch {
        records = List.copyOf(records);
        nextOffsets = Map.copyOf(nextOffsets);
    }

    public static Batch of(List<SinkRecord> records) {
        Map<TopicPartition, Long> next = new HashMap<>();
        for (SinkRecord r : records) {
            next.merge(r.partition(), r.offset() + 1, Math::max);
        }
        return new Batch(records, next);
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
        return new Batch(records.stream().filter(r -> !revoked.contains(r.partition())).toList(), next);
    }
}
