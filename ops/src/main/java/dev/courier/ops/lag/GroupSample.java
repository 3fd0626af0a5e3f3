package dev.courier.ops.lag;

import java.util.List;

/**
 * One consumer group at one moment.
 *
 * @param state   the group's state as the coordinator reports it (Stable, Empty, Dead, ...)
 * @param members members currently in the group
 */
public record GroupSample(String group, String state, int members, long atMillis, List<PartitionSample> partitions) {
}
