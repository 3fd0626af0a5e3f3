package dev.courier.ops.lag;

/**
 * One partition of one consumer group at one moment.
 *
 * @param committed  the group's committed offset, or -1 when it never committed one (then lag counts from the log start)
 * @param end        the end a read_committed consumer can reach: the last stable offset
 * @param lagRecords records between the committed offset and the end (0 when only transaction markers or aborted
 *                   records lie between them)
 * @param lagSeconds how old the first record not yet consumed is (now minus its timestamp); 0 when caught up
 */
public record PartitionSample(String topic, int partition, long committed, long end, long lagRecords, double lagSeconds) {
}
