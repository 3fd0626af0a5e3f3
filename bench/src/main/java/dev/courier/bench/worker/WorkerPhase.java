package dev.courier.bench.worker;

import dev.courier.bench.BenchEnvironment;
import dev.courier.bench.BenchPhase;
import dev.courier.bench.BenchTopics;
import dev.courier.bench.CpuClock;
import dev.courier.bench.Figure;
import dev.courier.bench.InputLoader;
import dev.courier.bench.PhaseResult;
import dev.courier.events.ChatCreated;
import dev.courier.events.ChatType;
import dev.courier.events.MessageIds;
import dev.courier.events.MessageSent;
import dev.courier.events.Topics;
import dev.courier.worker.DeliveryWorker;
import dev.courier.worker.WorkerSettings;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.UUID;
import java.util.function.UnaryOperator;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;

/**
 * The worker next to a pass-through Streams app with the same exactly-once settings, over the same pre-loaded input:
 * group chats of 2 to 200 members (mostly small), messages from random members. The worker sequences, fans out and
 * counts; the pass-through only reads and writes, which is the floor of what any EOS Streams app costs here.
 */
public final class WorkerPhase implements BenchPhase {

    private static final int DEFAULT_MESSAGES = 200_000;
    private static final int PARTITIONS = 4;
    private static final String PASS_OUT = "passthrough.out";

    private final UnaryOperator<WorkerSettings> tuning;

    /** @param tuning the worker settings to measure (stream threads, commit interval, dedup window), applied to the defaults */
    public WorkerPhase(UnaryOperator<WorkerSettings> tuning) {
        this.tuning = tuning;
    }

    @Override
    public String name() {
        return "worker";
    }

    @Override
    public String description() {
        return "worker input and output rates against an EOS pass-through Streams app on the same input";
    }

    @Override
    public PhaseResult run(BenchEnvironment env) throws Exception {
        long started = System.nanoTime();
        int messages = env.options().messages(DEFAULT_MESSAGES);
        int chats = Math.max(10, messages / 100);
        CpuClock cpu = new CpuClock();
        try (BenchTopics bench = BenchTopics.create(env.bootstrap(), name(), PARTITIONS, PASS_OUT)) {
            Topics topics = bench.topics();
            env.progress().accept(String.format(Locale.ROOT, "pre-loading %,d messages in %,d group chats", messages, chats));
            double meanMembers = preload(env.bootstrap(), topics, messages, chats);
            long input = endOffsets(bench.admin(), topics.chatEventsIn().name());

            Path state = Files.createTempDirectory("courier-bench-worker");
            try {
                WorkerSettings settings = tuning.apply(WorkerSettings.defaults(env.bootstrap()))
                        .withApplicationId(bench.prefix() + "worker").withStateDir(state.resolve("worker"));
                env.progress().accept(String.format(Locale.ROOT, "worker: %,d input records", input));
                SimpleMeterRegistry registry = new SimpleMeterRegistry();
                DeliveryWorker worker = new DeliveryWorker(settings, topics, registry);
                long workerSeconds;
                long workerCpu;
                try {
                    // Both clocks start before start(): a small input is consumed before the app reports RUNNING.
                    long t0 = System.nanoTime();
                    workerCpu = cpu.nanos();
                    worker.start();
                    waitFor(() -> consumed(bench.admin(), bench.prefix() + "worker", topics.chatEventsIn().name(), input));
                    workerSeconds = System.nanoTime() - t0;
                    workerCpu = cpu.nanos() - workerCpu;
                } finally {
                    worker.close(Duration.ofSeconds(60));
                }
                double out = registry.find("courier.worker.records.out").counters().stream().mapToDouble(Counter::count).sum();

                env.progress().accept("pass-through Streams app: the same input, same EOS settings");
                Properties pass = DeliveryWorker.streamsConfig(settings.withApplicationId(bench.prefix() + "passthrough")
                        .withStateDir(state.resolve("passthrough")), topics);
                StreamsBuilder b = new StreamsBuilder();
                b.stream(topics.chatEventsIn().name(), Consumed.with(Serdes.String(), Serdes.ByteArray()))
                        .to(bench.name(PASS_OUT), Produced.with(Serdes.String(), Serdes.ByteArray()));
                long passSeconds;
                long passCpu;
                try (KafkaStreams passthrough = new KafkaStreams(b.build(), pass)) {
                    long t0 = System.nanoTime();
                    passCpu = cpu.nanos();
                    passthrough.start();
                    waitFor(() -> consumed(bench.admin(), bench.prefix() + "passthrough", topics.chatEventsIn().name(), input));
                    passSeconds = System.nanoTime() - t0;
                    passCpu = cpu.nanos() - passCpu;
                    passthrough.close(Duration.ofSeconds(60));
                }

                double workerIn = input / (workerSeconds / 1e9);
                double workerOut = out / (workerSeconds / 1e9);
                double passRate = input / (passSeconds / 1e9);
                List<Figure> figures = List.of(
                        new Figure("worker input", workerIn, "msgs/s", "EOS pass-through", passRate, workerCpu / 1e3 / input),
                        new Figure("worker output", workerOut, "records/s", "EOS pass-through", passRate, workerCpu / 1e3 / out));
                List<String> notes = List.of(
                        String.format(Locale.ROOT, "%,d input records (%,d chats with their members, then messages), %d partitions, "
                                + "mean group size %.1f, %.1f output records per input", input, chats, PARTITIONS, meanMembers, out / input),
                        String.format(Locale.ROOT, "pass-through CPU %.1f µs per record", passCpu / 1e3 / input),
                        "worker: " + settings.streamThreads() + " stream thread(s), commit interval "
                                + settings.commitInterval().toMillis() + " ms, exactly-once v2");
                return new PhaseResult(name(), (System.nanoTime() - started) / 1e9, figures, List.of(), notes);
            } finally {
                deleteRecursively(state);
            }
        }
    }

    /** Chats (sizes 2-200, mostly small), then messages from random members; returns the mean group size. */
    private static double preload(String bootstrap, Topics topics, int messages, int chatCount) {
        Random random = new Random(7);
        UUID[] chats = new UUID[chatCount];
        List<List<UUID>> members = new ArrayList<>();
        long total = 0;
        try (InputLoader producer = new InputLoader(bootstrap)) {
            String topic = topics.chatEventsIn().name();
            for (int c = 0; c < chatCount; c++) {
                chats[c] = UUID.randomUUID();
                int size = random.nextInt(200) == 0 ? 50 + random.nextInt(151)
                        : Math.min(200, 2 + (int) (-Math.log(1 - random.nextDouble()) * 2.8));
                List<UUID> m = new ArrayList<>();
                for (int i = 0; i < size; i++) {
                    m.add(UUID.randomUUID());
                }
                members.add(m);
                total += size;
                producer.send(topic, chats[c].toString(), BenchTopics.CODEC.encode(new ChatCreated(chats[c],
                        ChatType.GROUP, "chat " + c, m.get(0), m.subList(1, size), Instant.now(), null)));
            }
            String content = "x".repeat(120);
            for (int i = 0; i < messages; i++) {
                int c = random.nextInt(chatCount);
                List<UUID> m = members.get(c);
                UUID sender = m.get(random.nextInt(m.size()));
                String clientId = "b" + i;
                Instant now = Instant.now();
                producer.send(topic, chats[c].toString(), BenchTopics.CODEC.encode(new MessageSent(chats[c],
                        MessageIds.derive(chats[c], sender, clientId), sender, clientId, content, now, now, null)));
            }
        }
        return total / (double) chatCount;
    }

    private static long endOffsets(Admin admin, String topic) throws Exception {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (int p = 0; p < PARTITIONS; p++) {
            latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
        }
        return admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS).values().stream().mapToLong(o -> o.offset()).sum();
    }

    /** Committed offsets on the input count its records: a plain producer wrote it, so it has no transaction markers. */
    private static boolean consumed(Admin admin, String group, String topic, long expected) {
        try {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
            long sum = committed.entrySet().stream().filter(e -> e.getKey().topic().equals(topic) && e.getValue() != null)
                    .mapToLong(e -> e.getValue().offset()).sum();
            return sum >= expected;
        } catch (Exception e) {
            return false; // the group is not there yet: ask again
        }
    }

    private static void waitFor(BooleanSupplier done) throws InterruptedException {
        while (!done.getAsBoolean()) {
            Thread.sleep(100); // a benchmark's clock: polled, not a test's wait
        }
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (Exception e) {
            // a temporary directory left behind is not worth failing a benchmark for
        }
    }
}
