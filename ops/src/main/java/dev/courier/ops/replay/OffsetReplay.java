package dev.courier.ops.replay;

import dev.courier.events.Topics;
import dev.courier.ops.lag.CourierGroups;
import dev.courier.ops.lag.GroupSpec;
import dev.courier.ops.lag.SinkOffsets;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;

/**
 * Moves a consumer group's offsets, as {@code kafka-consumer-groups --reset-offsets} does, with Courier's rules: never
 * while the group has members, never for the worker (re-reading its inputs would sequence chats again), and for the
 * sink in {@code sink_offsets} too, where the sink positions itself from.
 */
public final class OffsetReplay {

    private static final long TIMEOUT_SECONDS = 30;

    private final Admin admin;
    private final Topics topics;
    private final Optional<SinkOffsets> sinkOffsets;
    private final Clock clock;

    public OffsetReplay(Admin admin, Topics topics, Optional<SinkOffsets> sinkOffsets, Clock clock) {
        this.admin = admin;
        this.topics = topics;
        this.sinkOffsets = sinkOffsets;
        this.clock = clock;
    }

    /**
     * The plan for {@code group} on {@code selection} (topic → partitions, an empty set meaning all of them; an empty
     * map meaning every topic the group reads). Throws {@link ReplayRefused} for what must not be replayed.
     */
    public ReplayPlan plan(String group, Map<String, Set<Integer>> selection, ResetTarget target) {
        if (group.equals(CourierGroups.worker(topics))) {
            throw new ReplayRefused(group + " is the delivery worker: re-reading its .in topics would sequence every chat "
                    + "again (new seqs, duplicates, wrong unread counts). chat-log is the source of truth: to rebuild "
                    + "PostgreSQL from it, use `courier rebuild`; to re-read part of it, replay the sink's group "
                    + CourierGroups.sink(topics));
        }
        refuseIfActive(group);
        boolean sink = group.equals(CourierGroups.sink(topics));
        Map<TopicPartition, Long> current = current(group, sink);
        Set<String> read = new TreeSet<>();
        current.keySet().forEach(tp -> read.add(tp.topic()));
        CourierGroups.all(topics).stream().filter(g -> g.group().equals(group)).map(GroupSpec::topics).forEach(read::addAll);
        Set<String> wanted = selection.isEmpty() ? read : selection.keySet();
        for (String t : wanted) {
            if (!read.contains(t)) {
                throw new ReplayRefused("group " + group + " does not read " + t + " (it reads " + (read.isEmpty() ? "nothing"
                        : String.join(", ", read)) + ")");
            }
        }
        List<TopicPartition> partitions = partitions(wanted, selection);
        Map<TopicPartition, Long> starts = offsets(partitions, OffsetSpec.earliest());
        Map<TopicPartition, Long> ends = offsets(partitions, OffsetSpec.latest());
        Map<TopicPartition, Long> targets = targets(partitions, target, current, starts, ends);
        List<ReplayPlan.Partition> out = new ArrayList<>();
        for (TopicPartition tp : partitions) {
            long t = Math.max(starts.get(tp), Math.min(ends.get(tp), targets.get(tp)));
            out.add(new ReplayPlan.Partition(tp, current.getOrDefault(tp, -1L), t, starts.get(tp), ends.get(tp)));
        }
        return new ReplayPlan(group, sink, out);
    }

    /**
     * Applies a plan. For the sink's group, {@code sink_offsets} moves first, in one statement (with the owner epochs
     * bumped, so no sink instance can store older offsets over it): that is what the sink starts from. Kafka's
     * committed offsets follow; if that step fails the replay is still in effect for the sink, and running it again
     * aligns Kafka (it is idempotent).
     */
    public void execute(ReplayPlan plan) throws SQLException {
        refuseIfActive(plan.group());
        Map<TopicPartition, Long> next = new HashMap<>();
        plan.partitions().forEach(p -> next.put(p.tp(), p.target()));
        if (plan.sink()) {
            sinkOffsets.orElseThrow(() -> new ReplayRefused("the sink's offsets live in PostgreSQL: set COURIER_DATABASE_URL"))
                    .move(plan.group(), next);
        }
        Map<TopicPartition, OffsetAndMetadata> kafka = new HashMap<>();
        next.forEach((tp, o) -> kafka.put(tp, new OffsetAndMetadata(o)));
        get(admin.alterConsumerGroupOffsets(plan.group(), kafka).all(), "moving the offsets of " + plan.group() + " in Kafka");
    }

    private void refuseIfActive(String group) {
        List<String> members = GroupMembers.of(admin, group);
        if (!members.isEmpty()) {
            throw new ReplayRefused("group " + group + " has " + members.size() + " active member(s): "
                    + String.join(", ", members) + "; stop them first (offsets of a running group are overwritten by its next commit;"
                    + " under courier dev, restart it as courier dev --no-sink)");
        }
    }

    private Map<TopicPartition, Long> current(String group, boolean sink) {
        Map<TopicPartition, Long> out = new HashMap<>();
        get(admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata(), "reading the offsets of " + group)
                .forEach((tp, o) -> {
                    if (o != null) {
                        out.put(tp, o.offset());
                    }
                });
        if (sink && sinkOffsets.isPresent()) {
            try {
                out.putAll(sinkOffsets.get().read(group)); // the sink's truth wins
            } catch (SQLException e) {
                throw new ReplayRefused("cannot read sink_offsets (" + e.getMessage() + "): the sink's replay needs PostgreSQL");
            }
        }
        return out;
    }

    private List<TopicPartition> partitions(Collection<String> names, Map<String, Set<Integer>> selection) {
        var described = get(admin.describeTopics(names).allTopicNames(), "describing " + names);
        List<TopicPartition> out = new ArrayList<>();
        described.forEach((name, d) -> d.partitions().forEach(p -> {
            Set<Integer> only = selection.getOrDefault(name, Set.of());
            if (only.isEmpty() || only.contains(p.partition())) {
                out.add(new TopicPartition(name, p.partition()));
            }
        }));
        selection.forEach((name, only) -> {
            Set<Integer> missing = new HashSet<>(only);
            out.stream().filter(tp -> tp.topic().equals(name)).forEach(tp -> missing.remove(tp.partition()));
            if (!missing.isEmpty()) {
                throw new ReplayRefused(name + " has no partition " + missing + " (it has " + described.get(name).partitions().size() + ")");
            }
        });
        out.sort(Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition));
        return out;
    }

    private Map<TopicPartition, Long> targets(List<TopicPartition> partitions, ResetTarget target,
                                              Map<TopicPartition, Long> current, Map<TopicPartition, Long> starts,
                                              Map<TopicPartition, Long> ends) {
        if (target instanceof ResetTarget.ToDatetime t) {
            return atTime(partitions, t.time(), starts, ends);
        }
        if (target instanceof ResetTarget.ByDuration d) {
            return atTime(partitions, clock.instant().minus(d.duration()), starts, ends);
        }
        Map<TopicPartition, Long> out = new HashMap<>();
        for (TopicPartition tp : partitions) {
            long end = ends.get(tp);
            out.put(tp, target instanceof ResetTarget.ToEarliest ? starts.get(tp)
                    : target instanceof ResetTarget.ToLatest ? end
                    : target instanceof ResetTarget.ToOffset o ? o.offset()
                    : current.getOrDefault(tp, end) + ((ResetTarget.ShiftBy) target).records());
        }
        return out;
    }

    /** The first record at or after {@code time}; refused where the log no longer holds the records of that time. */
    private Map<TopicPartition, Long> atTime(List<TopicPartition> partitions, Instant time, Map<TopicPartition, Long> starts,
                                             Map<TopicPartition, Long> ends) {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        partitions.forEach(tp -> request.put(tp, OffsetSpec.forTimestamp(time.toEpochMilli())));
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> found = get(admin.listOffsets(request).all(),
                "looking up offsets at " + time);
        Map<TopicPartition, Long> out = new HashMap<>();
        for (TopicPartition tp : partitions) {
            ListOffsetsResult.ListOffsetsResultInfo info = found.get(tp);
            boolean none = info == null || info.offset() < 0;
            if (!none && starts.get(tp) > 0 && info.offset() == starts.get(tp) && info.timestamp() > time.toEpochMilli()) {
                throw new ReplayRefused(time + " is before the log start of " + tp + " (the oldest record left is at "
                        + Instant.ofEpochMilli(info.timestamp()) + ", offset " + info.offset() + "): the records of that time "
                        + "are gone; --to-earliest re-reads what is left");
            }
            out.put(tp, none ? ends.get(tp) : info.offset());
        }
        return out;
    }

    private Map<TopicPartition, Long> offsets(List<TopicPartition> partitions, OffsetSpec spec) {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        partitions.forEach(tp -> request.put(tp, spec));
        Map<TopicPartition, Long> out = new HashMap<>();
        get(admin.listOffsets(request).all(), "listing offsets").forEach((tp, info) -> out.put(tp, info.offset()));
        return out;
    }

    private static <T> T get(KafkaFuture<T> f, String what) {
        try {
            return f.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException(what + " failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException | TimeoutException e) {
            throw failure(what, e);
        }
    }

    private static IllegalStateException failure(String what, Exception e) {
        if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
        }
        return new IllegalStateException(what + " failed: " + e, e);
    }

    /** Parses {@code topic[:p,p,...]} as {@code --topic} takes it. */
    public static Map.Entry<String, Set<Integer>> topicSelection(String s) {
        int colon = s.lastIndexOf(':');
        if (colon < 0) {
            return Map.entry(s, Set.of());
        }
        Set<Integer> parts = new TreeSet<>();
        for (String p : s.substring(colon + 1).split(",")) {
            try {
                parts.add(Integer.parseInt(p.trim()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + s + "': partitions after ':' are numbers, e.g. courier.chat-log:0,2");
            }
        }
        return Map.entry(s.substring(0, colon), parts);
    }
}
