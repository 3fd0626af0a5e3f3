package dev.courier.ops.lag;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What {@code courier lag --json} prints and {@code GET /v1/ops/lag} answers; its JSON form is documented in
 * {@code docs/operations.md} and kept stable (fields are added, never renamed or removed).
 *
 * @param at      when the last sample was taken
 * @param window  the time the samples span
 * @param samples how many samples the statuses were evaluated over
 */
public record LagReport(Instant at, Duration window, int samples, List<GroupLag> groups, List<String> warnings) {

    /**
     * One consumer group.
     *
     * @param role       {@code worker}, {@code sink} or {@code consumer}
     * @param lagRecords the sum over its partitions
     * @param lagSeconds the largest over its partitions
     * @param worst      the partition with the most lag in seconds (then records), null without partitions
     */
    public record GroupLag(String group, String role, String state, int members, LagStatus status, long lagRecords,
                           double lagSeconds, PartitionLag worst, List<PartitionLag> partitions) {
    }

    /**
     * One partition of a group, from the latest sample.
     *
     * @param committed     the offset committed to Kafka, null when none was
     * @param storedOffset  for the sink's group: the next offset stored in {@code sink_offsets}, null otherwise or when
     *                      none is stored
     * @param offsetsAgree  for the sink's group: false when Kafka's committed offset and {@code sink_offsets} disagree
     *                      beyond what writes in flight explain (see {@link LagReporter}); null otherwise
     */
    public record PartitionLag(String topic, int partition, Long committed, long end, long lagRecords, double lagSeconds,
                               LagStatus status, Long storedOffset, Boolean offsetsAgree) {
    }

    /** 0 when every group is OK, 1 when one is WARN or REWIND, 2 when one is ERR, STALL or STOP. */
    public int exitCode() {
        return groups.stream().mapToInt(g -> g.status().exitCode()).max().orElse(0);
    }
}
