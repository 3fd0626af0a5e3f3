package dev.courier.ops.lag;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.TopicPartition;

/**
 * Keeps a rolling window of samples per group and turns it into a {@link LagReport}: each partition's status by
 * {@link LagEvaluator} over the window, and for the sink's group its offsets in {@code sink_offsets} next to those
 * committed to Kafka.
 *
 * <p>The two agree when {@code sink_offsets} is ahead of Kafka by no more than the writes that may be in flight
 * ({@code inFlightRecords}: the sink commits to Kafka after each database commit, asynchronously), or behind it by
 * nothing but transaction markers (Kafka gets the consumer's position, past the marker, when the partition is idle).
 */
public final class LagReporter {

    private final LagSampler sampler;
    private final List<GroupSpec> groups;
    private final Duration window;
    private final Optional<SinkOffsets> sinkOffsets;
    private final long inFlightRecords;
    private final Map<String, Deque<GroupSample>> history = new HashMap<>();

    public LagReporter(LagSampler sampler, List<GroupSpec> groups, Duration window, Optional<SinkOffsets> sinkOffsets,
                       long inFlightRecords) {
        if (groups.isEmpty()) {
            throw new IllegalArgumentException("no consumer group to report on");
        }
        this.sampler = sampler;
        this.groups = List.copyOf(groups);
        this.window = window;
        this.sinkOffsets = sinkOffsets;
        this.inFlightRecords = inFlightRecords;
    }

    /** Takes one sample of every group into the window, dropping samples older than the window (keeping two). */
    public synchronized void sample() {
        for (GroupSample s : sampler.sample(groups)) {
            Deque<GroupSample> h = history.computeIfAbsent(s.group(), g -> new ArrayDeque<>());
            h.addLast(s);
            while (h.size() > 2 && h.peekFirst().atMillis() < s.atMillis() - window.toMillis()) {
                h.removeFirst();
            }
        }
    }

    /** The report over the samples taken so far; {@link #sample()} must have run at least once. */
    public synchronized LagReport report() {
        List<String> warnings = new ArrayList<>();
        List<LagReport.GroupLag> out = new ArrayList<>();
        long at = 0;
        int samples = Integer.MAX_VALUE;
        long span = 0;
        for (GroupSpec spec : groups) {
            Deque<GroupSample> h = history.get(spec.group());
            if (h == null || h.isEmpty()) {
                throw new IllegalStateException("no sample taken yet");
            }
            GroupSample latest = h.peekLast();
            at = Math.max(at, latest.atMillis());
            samples = Math.min(samples, h.size());
            span = Math.max(span, latest.atMillis() - h.peekFirst().atMillis());
            Map<TopicPartition, Long> stored = spec.role().equals("sink") ? stored(spec.group(), warnings) : null;
            out.add(group(spec, h, stored));
        }
        return new LagReport(Instant.ofEpochMilli(at), Duration.ofMillis(span), samples, out, warnings);
    }

    private LagReport.GroupLag group(GroupSpec spec, Deque<GroupSample> h, Map<TopicPartition, Long> stored) {
        GroupSample latest = h.peekLast();
        List<LagReport.PartitionLag> partitions = new ArrayList<>();
        for (PartitionSample p : latest.partitions()) {
            List<PartitionSample> series = new ArrayList<>();
            for (GroupSample s : h) {
                s.partitions().stream().filter(x -> x.topic().equals(p.topic()) && x.partition() == p.partition())
                        .findFirst().ifPresent(series::add);
            }
            LagStatus status = LagEvaluator.partition(series, latest.members(), window);
            TopicPartition tp = new TopicPartition(p.topic(), p.partition());
            Long storedOffset = stored == null ? null : stored.get(tp);
            Boolean agree = stored == null ? null : agree(tp, p.committed(), storedOffset);
            partitions.add(new LagReport.PartitionLag(p.topic(), p.partition(), p.committed() < 0 ? null : p.committed(),
                    p.end(), p.lagRecords(), p.lagSeconds(), status, storedOffset, agree));
        }
        LagStatus status = LagEvaluator.group(partitions.stream().map(LagReport.PartitionLag::status).toList());
        LagReport.PartitionLag worst = partitions.stream().max(Comparator.comparingDouble(LagReport.PartitionLag::lagSeconds)
                .thenComparingLong(LagReport.PartitionLag::lagRecords)).orElse(null);
        return new LagReport.GroupLag(spec.group(), spec.role(), latest.state(), latest.members(), status,
                partitions.stream().mapToLong(LagReport.PartitionLag::lagRecords).sum(),
                partitions.stream().mapToDouble(LagReport.PartitionLag::lagSeconds).max().orElse(0), worst, partitions);
    }

    private Map<TopicPartition, Long> stored(String group, List<String> warnings) {
        if (sinkOffsets.isEmpty()) {
            return null;
        }
        try {
            return sinkOffsets.get().read(group);
        } catch (SQLException e) {
            warnings.add("sink_offsets could not be read (" + e.getMessage() + "); the sink's database offsets are not shown");
            return null;
        }
    }

    private boolean agree(TopicPartition tp, long committed, Long stored) {
        if (stored == null) {
            // No row: the sink starts at the log start. Kafka agrees when nothing but markers lies before its offset
            // (an idle sink commits its position on partitions it never wrote a row for).
            return committed <= 0 || sampler.firstRecords(Map.of(tp, 0L), Map.of(tp, committed)).isEmpty();
        }
        if (committed < 0) {
            return stored <= inFlightRecords;
        }
        if (stored >= committed) {
            return stored - committed <= inFlightRecords;
        }
        // Kafka ahead of the database: fine only if nothing but transaction markers lies in between.
        return sampler.firstRecords(Map.of(tp, stored), Map.of(tp, committed)).isEmpty();
    }
}
