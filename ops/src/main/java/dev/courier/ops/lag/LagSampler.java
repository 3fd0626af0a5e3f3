package dev.courier.ops.lag;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Samples the lag of consumer groups from the outside, with Kafka's Admin API and a group-less read_committed
 * consumer: per sample one DescribeGroups and one OffsetFetch for all groups, one ListOffsets for all partitions, and
 * one fetch from the committed offset of each partition that has lag (for the age of its first record not consumed).
 *
 * <p>The end is the last stable offset (ListOffsets with read_committed): Courier's output topics are written in
 * transactions, every transaction ends with a commit marker, and a read_committed consumer that read everything sits
 * at an offset that a plain end offset (the high watermark) counts as one behind. Where only markers or aborted records
 * lie between the committed offset and the end, the fetch finds no record and the lag is 0.
 */
public final class LagSampler implements AutoCloseable {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(10);

    private final Admin admin;
    private final Consumer<byte[], byte[]> probe;
    private final Clock clock;
    private final Map<String, List<TopicPartition>> partitionsOf = new HashMap<>();

    /**
     * A sampler with its own Admin client and probe consumer.
     *
     * @param clientProperties connection settings (bootstrap servers, SASL/SSL); the sampler sets the rest
     */
    public LagSampler(Map<String, Object> clientProperties, Clock clock) {
        Map<String, Object> c = new HashMap<>(clientProperties);
        c.remove(ConsumerConfig.GROUP_ID_CONFIG);
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // A position below the log start (retention) reads from the log start, not from the end.
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // Only the first record of a partition is needed: small fetches.
        c.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 1024);
        c.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 64 * 1024);
        c.put(ConsumerConfig.CLIENT_ID_CONFIG, "courier-lag-probe");
        Map<String, Object> a = new HashMap<>(clientProperties);
        // An operator waiting at a terminal: fail within seconds, not the clients' default minute.
        a.putIfAbsent(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
        a.putIfAbsent(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
        c.putIfAbsent(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
        this.admin = Admin.create(a);
        try {
            this.probe = new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        } catch (RuntimeException e) {
            admin.close();
            throw e;
        }
        this.clock = clock;
    }

    @Override
    public void close() {
        probe.close();
        admin.close();
    }

    /** One sample of every group; throws {@link LagSampleException} when Kafka does not answer. */
    public synchronized List<GroupSample> sample(List<GroupSpec> groups) {
        List<String> names = groups.stream().map(GroupSpec::group).toList();
        Map<String, ConsumerGroupDescription> described = describe(names);
        Map<String, ListConsumerGroupOffsetsSpec> specs = new HashMap<>();
        names.forEach(n -> specs.put(n, new ListConsumerGroupOffsetsSpec()));
        var offsets = admin.listConsumerGroupOffsets(specs);

        Map<String, Map<TopicPartition, Long>> committed = new HashMap<>();
        Set<TopicPartition> all = new HashSet<>();
        for (GroupSpec g : groups) {
            Map<TopicPartition, OffsetAndMetadata> c = get(offsets.partitionsToOffsetAndMetadata(g.group()), "the offsets of group " + g.group());
            Map<TopicPartition, Long> mine = new TreeMap<>(java.util.Comparator.comparing(TopicPartition::topic)
                    .thenComparingInt(TopicPartition::partition));
            Collection<TopicPartition> partitions = g.topics().isEmpty() ? c.keySet() : partitions(g.topics());
            for (TopicPartition tp : partitions) {
                OffsetAndMetadata o = c.get(tp);
                mine.put(tp, o == null ? -1 : o.offset());
            }
            committed.put(g.group(), mine);
            all.addAll(mine.keySet());
        }
        Map<TopicPartition, Long> ends = endOffsets(all);
        Set<TopicPartition> uncommitted = new HashSet<>();
        committed.values().forEach(m -> m.forEach((tp, o) -> {
            if (o < 0) {
                uncommitted.add(tp);
            }
        }));
        Map<TopicPartition, Long> starts = uncommitted.isEmpty() ? Map.of() : offsets(uncommitted, OffsetSpec.earliest());

        long now = clock.millis();
        List<GroupSample> out = new ArrayList<>();
        for (GroupSpec g : groups) {
            Map<TopicPartition, Long> from = new HashMap<>();
            committed.get(g.group()).forEach((tp, o) -> from.put(tp, o < 0 ? starts.get(tp) : o));
            Map<TopicPartition, Long> lagging = new HashMap<>();
            from.forEach((tp, o) -> {
                if (o < ends.get(tp)) {
                    lagging.put(tp, o);
                }
            });
            Map<TopicPartition, FirstRecord> firsts = firstRecords(lagging, ends);
            List<PartitionSample> partitions = new ArrayList<>();
            committed.get(g.group()).forEach((tp, o) -> {
                FirstRecord first = firsts.get(tp);
                long lag = first == null ? 0 : ends.get(tp) - from.get(tp);
                double seconds = first == null ? 0 : Math.max(0, now - first.timestamp()) / 1000.0;
                partitions.add(new PartitionSample(tp.topic(), tp.partition(), o, ends.get(tp), lag, seconds));
            });
            ConsumerGroupDescription d = described.get(g.group());
            out.add(new GroupSample(g.group(), d == null ? "Dead" : d.groupState().toString(),
                    d == null ? 0 : d.members().size(), now, partitions));
        }
        return out;
    }

    private Map<String, ConsumerGroupDescription> describe(List<String> names) {
        Map<String, ConsumerGroupDescription> out = new HashMap<>();
        admin.describeConsumerGroups(names).describedGroups().forEach((name, future) -> {
            try {
                out.put(name, future.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof GroupIdNotFoundException)) {
                    throw failure("describing group " + name, e);
                }
            } catch (InterruptedException | TimeoutException e) {
                throw failure("describing group " + name, e);
            }
        });
        return out;
    }

    /** Partitions of the topics (cached: partition counts only grow, and a sampler is short-lived or restarted). */
    private List<TopicPartition> partitions(Set<String> topics) {
        Set<String> missing = new HashSet<>(topics);
        missing.removeAll(partitionsOf.keySet());
        if (!missing.isEmpty()) {
            Map<String, TopicDescription> d = get(admin.describeTopics(missing).allTopicNames(), "describing topics " + missing);
            d.forEach((name, desc) -> partitionsOf.put(name, desc.partitions().stream()
                    .map(p -> new TopicPartition(name, p.partition())).toList()));
        }
        return topics.stream().flatMap(t -> partitionsOf.get(t).stream()).toList();
    }

    /** The last stable offset of each partition: what a read_committed consumer can reach. */
    public Map<TopicPartition, Long> endOffsets(Set<TopicPartition> partitions) {
        return offsets(partitions, OffsetSpec.latest());
    }

    private Map<TopicPartition, Long> offsets(Set<TopicPartition> partitions, OffsetSpec spec) {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        partitions.forEach(tp -> request.put(tp, spec));
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> r = get(admin.listOffsets(request,
                new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all(), "listing offsets");
        Map<TopicPartition, Long> out = new HashMap<>();
        r.forEach((tp, info) -> out.put(tp, info.offset()));
        return out;
    }

    /** The offset and timestamp of a partition's first record at or after some offset. */
    public record FirstRecord(long offset, long timestamp) {
    }

    /**
     * The first record at or after each partition's offset and below its end; absent where there is none (only
     * transaction markers or aborted records). One fetch per partition: a partition is paused once it gave a record.
     */
    public synchronized Map<TopicPartition, FirstRecord> firstRecords(Map<TopicPartition, Long> from, Map<TopicPartition, Long> ends) {
        Map<TopicPartition, FirstRecord> out = new HashMap<>();
        if (from.isEmpty()) {
            return out;
        }
        probe.assign(from.keySet());
        from.forEach(probe::seek);
        Set<TopicPartition> pending = new HashSet<>(from.keySet());
        long deadline = System.nanoTime() + PROBE_TIMEOUT.toNanos();
        try {
            while (!pending.isEmpty()) {
                if (System.nanoTime() > deadline) {
                    throw new LagSampleException("no record fetched from " + pending + " within " + PROBE_TIMEOUT, null);
                }
                ConsumerRecords<byte[], byte[]> records = probe.poll(Duration.ofMillis(100));
                for (TopicPartition tp : records.partitions()) {
                    if (pending.remove(tp)) {
                        var first = records.records(tp).get(0);
                        out.put(tp, new FirstRecord(first.offset(), first.timestamp()));
                        probe.pause(List.of(tp));
                    }
                }
                pending.removeIf(tp -> probe.position(tp) >= ends.get(tp));
            }
        } finally {
            probe.assign(List.of());
        }
        return out;
    }

    private static <T> T get(KafkaFuture<T> future, String what) {
        try {
            return future.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | InterruptedException | TimeoutException e) {
            throw failure(what, e);
        }
    }

    private static LagSampleException failure(String what, Exception e) {
        if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
        }
        Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
        String why = cause instanceof TimeoutException || cause instanceof org.apache.kafka.common.errors.TimeoutException
                ? "Kafka did not answer within " + TIMEOUT.toSeconds() + " s (is it reachable at the bootstrap address?)"
                : cause.toString();
        return new LagSampleException(what + " failed: " + why, cause);
    }
}
