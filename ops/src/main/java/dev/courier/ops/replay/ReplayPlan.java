package dev.courier.ops.replay;

import java.util.List;
import org.apache.kafka.common.TopicPartition;

/**
 * What a replay would do to a group, per partition.
 *
 * @param sink true for the sink's group, whose truth is {@code sink_offsets} (moved with Kafka's offsets)
 */
public record ReplayPlan(String group, boolean sink, List<Partition> partitions) {

    /**
     * One partition.
     *
     * @param current the group's offset now (for the sink: {@code sink_offsets}), -1 when it has none
     * @param target  where it will be
     */
    public record Partition(TopicPartition tp, long current, long target, long logStart, long end) {

        /** Records the group will read again (0 when it moves forward). */
        public long reread() {
            long from = current < 0 ? end : current;
            return Math.max(0, from - target);
        }
    }

    public long reread() {
        return partitions.stream().mapToLong(Partition::reread).sum();
    }
}
