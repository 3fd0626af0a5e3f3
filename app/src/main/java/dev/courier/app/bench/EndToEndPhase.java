package dev.courier.app.bench;

import dev.courier.app.config.ConfigLoader;
import dev.courier.app.config.CourierConfig;
import dev.courier.app.run.Pipeline;
import dev.courier.bench.BenchDatabase;
import dev.courier.bench.BenchEnvironment;
import dev.courier.bench.BenchPhase;
import dev.courier.bench.BenchTopics;
import dev.courier.bench.CpuClock;
import dev.courier.bench.Distribution;
import dev.courier.bench.Figure;
import dev.courier.bench.PhaseResult;
import dev.courier.bench.ThreadCpu;
import dev.courier.events.Decoded;
import dev.courier.events.Delivery;
import dev.courier.bench.http.HttpConnection;
import dev.courier.bench.http.OpenLoop;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The whole pipeline as {@code courier serve} runs it, in this JVM: single-message POSTs at a fixed offered rate (open
 * loop) → ingest → worker → sink → {@code messages.persisted_at}, against a bare Kafka hop at the same rate (a producer
 * with acks=all to a consumer, send to receipt): the floor any Kafka pipeline on this machine stands on. CPU per
 * message is the process's during the measured window, broker included, and is split by component by thread name.
 */
public final class EndToEndPhase implements BenchPhase {

    private static final String KEY = "bench-admin-key";
    private static final int DEFAULT_RATE = 500;
    private static final int DEFAULT_SECONDS = 30;
    private static final int CHATS = 200;
    private static final int CONNECTIONS = 32;
    private static final int WARMUP_SLICE_SECONDS = 5;
    /** The warm-up's limit, and at most six times the measured window (a short smoke run stays short). */
    private static final int MAX_WARMUP_SECONDS = 180;
    private static final double QUIET_JIT_SHARE = 0.10;

    /** The tuning settings a run takes from the environment, so that a setting can be measured both ways. */
    private static final List<String> TUNING = List.of("COURIER_WORKER_", "COURIER_SINK_", "COURIER_DEDUP_WINDOW",
            "COURIER_PUBLISH_TIMEOUT", "COURIER_DATABASE_POOL_SIZE", "COURIER_PARTITIONS", "COURIER_KAFKA_PROP_");

    private final Map<String, String> tuning;

    /** @param environment where {@code COURIER_WORKER_*}, {@code COURIER_SINK_*} and the other tuning settings come from */
    public EndToEndPhase(Map<String, String> environment) {
        this.tuning = environment.entrySet().stream().filter(e -> TUNING.stream().anyMatch(e.getKey()::startsWith))
                .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    @Override
    public String name() {
        return "e2e";
    }

    @Override
    public String description() {
        return "accepted -> persisted latency of the whole pipeline at a fixed rate, against a bare produce -> consume hop";
    }

    @Override
    public PhaseResult run(BenchEnvironment env) throws Exception {
        long started = System.nanoTime();
        int rate = env.options().rate(DEFAULT_RATE);
        int seconds = env.options().seconds(DEFAULT_SECONDS);
        int warmup = Math.max(5, seconds);
        // The hop gets the pipeline's partition count, so both spread the same rate as thinly.
        int partitions = ConfigLoader.load(tuning, Optional.empty()).kafka().partitions();
        Path dataDir = Files.createTempDirectory("courier-bench-e2e");
        try (BenchTopics bench = BenchTopics.create(env.bootstrap(), name(), partitions, "hop");
             BenchDatabase db = env.createDatabase(name())) {
            env.progress().accept(String.format(Locale.ROOT, "bare Kafka hop at %,d msgs/s for %d s", rate, seconds));
            Distribution hop = kafkaHop(env.bootstrap(), bench.name("hop"), rate, seconds);

            Map<String, String> settings = new HashMap<>(tuning);
            settings.putAll(Map.of(
                    "COURIER_KAFKA_BOOTSTRAP", env.bootstrap(),
                    "COURIER_TOPIC_PREFIX", bench.prefix(),
                    "COURIER_PARTITIONS", Integer.toString(partitions),
                    "COURIER_DATABASE_URL", db.jdbcUrl(),
                    "COURIER_DATABASE_USER", db.user(),
                    "COURIER_DATABASE_PASSWORD", db.password(),
                    "COURIER_HTTP_PORT", "0",
                    "COURIER_DATA_DIR", dataDir.toString(),
                    "COURIER_API_KEYS", KEY + ":admin"));
            CourierConfig config = ConfigLoader.load(settings, Optional.empty());
            Pipeline pipeline = new Pipeline(config, EnumSet.allOf(Pipeline.Part.class), config.http().apiKeys());
            try (pipeline; InboxReader inbox = new InboxReader(env.bootstrap(), bench.topics().inbox().name(),
                    bench.prefix() + "bench-inbox")) {
                int port = startedPort(pipeline);
                env.progress().accept("pipeline started; waiting until it is ready");
                awaitReady(port, Duration.ofSeconds(90));
                List<Chat> chats = createChats(port, db);
                int maxWarmup = Math.max(warmup, Math.min(MAX_WARMUP_SECONDS, 6 * seconds));
                int warmedUp = warmUp(port, chats, rate, warmup, maxWarmup, env);
                env.progress().accept(String.format(Locale.ROOT, "measuring: %,d msgs/s for %d s", rate, seconds));
                CpuClock cpu = new CpuClock();
                ThreadCpu threads = new ThreadCpu();
                long cpuStart = cpu.nanos();
                ThreadCpu.Snapshot threadStart = threads.snapshot();
                CommitLatencyScrape committedBefore = CommitLatencyScrape.of(port);
                int accepted = send(port, chats, rate, seconds, "lat-");
                db.awaitCount("SELECT count(*) FROM messages WHERE client_message_id LIKE 'lat-%'", accepted,
                        Duration.ofSeconds(120), "not every accepted message reached PostgreSQL");
                double cpuPerMessage = cpu.microsPerMessage(cpuStart, accepted);
                Map<String, Double> byComponent = new LinkedHashMap<>(
                        ThreadCpu.microsPerMessage(threadStart, threads.snapshot(), accepted));
                byComponent.put("other JVM threads and threads that ended",
                        cpuPerMessage - byComponent.values().stream().mapToDouble(Double::doubleValue).sum());
                CommitLatencyScrape committed = CommitLatencyScrape.of(port).since(committedBefore);
                Map<UUID, Long> acceptedMicros = acceptedAt(db);
                Distribution persisted = persistedLatencies(db, rate);
                Distribution delivered = inbox.latencies(acceptedMicros, String.format(Locale.ROOT,
                        "accepted -> inbox record (per recipient) at %,d msgs/s", rate));

                List<Figure> figures = List.of(
                        new Figure("accepted -> persisted p50", persisted.quantile(0.50), "ms", "Kafka hop p50",
                                hop.quantile(0.50), cpuPerMessage),
                        new Figure("accepted -> persisted p99", persisted.quantile(0.99), "ms", "Kafka hop p99",
                                hop.quantile(0.99), cpuPerMessage),
                        new Figure("accepted -> inbox p50", delivered.quantile(0.50), "ms", "Kafka hop p50",
                                hop.quantile(0.50), cpuPerMessage),
                        new Figure("accepted -> inbox p99", delivered.quantile(0.99), "ms", "Kafka hop p99",
                                hop.quantile(0.99), cpuPerMessage));
                List<String> notes = new ArrayList<>();
                notes.add(String.format(Locale.ROOT, "%,d msgs/s offered for %d s after a %d s warm-up, %d group chats of 2-8, "
                        + "%d partitions; %,d accepted", rate, seconds, warmedUp, CHATS, partitions, accepted));
                notes.add(String.format(Locale.ROOT, "warm-up: at least %d s, then %d s slices until the JIT compilers"
                        + " took under %.0f %% of a core over a slice (at most %d s)", warmup, WARMUP_SLICE_SECONDS,
                        QUIET_JIT_SHARE * 100, maxWarmup));
                notes.add(String.format(Locale.ROOT, "worker: %d stream thread(s), commits every %d ms; sink: %d writer(s), "
                        + "batches of up to %,d rows or %d ms", config.worker().streamThreads(),
                        config.worker().commitInterval().toMillis(), config.sink().writers(), config.sink().batchRows(),
                        config.sink().linger().toMillis()));
                notes.add("CPU per message by component (µs): " + byComponent.entrySet().stream()
                        .map(e -> String.format(Locale.ROOT, "%s %.0f", e.getKey(), e.getValue()))
                        .collect(Collectors.joining(", ")));
                notes.add(String.format(Locale.ROOT, "accepted -> committed, from the sink's"
                        + " courier_pipeline_persisted_latency histogram on /metrics (persisted_at is the transaction's"
                        + " start, so the figures above leave out the write itself): %,.0f messages, %.1f %% within"
                        + " 150 ms, p99 at or under the %.0f ms bucket", committed.count(),
                        committed.shareWithin(150) * 100, committed.quantileBound(0.99)));
                notes.add("accepted -> inbox: from messages.accepted_at to a read_committed consumer of inbox in this JVM"
                        + " receiving each recipient's Delivery (what a device feels)");
                return new PhaseResult(name(), (System.nanoTime() - started) / 1e9, figures,
                        List.of(delivered, persisted, hop), notes);
            }
        } finally {
            try (Stream<Path> files = Files.walk(dataDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /**
     * Offers the rate for at least {@code minSeconds}, then in slices until the JIT is quiet: on two cores HotSpot's
     * compilers still took half a core a minute into a run, so a fixed 30 s warm-up measured compilation, not the
     * pipeline. Stops at {@code maxSeconds} even if the compilers are still busy. Returns the seconds it took.
     */
    private static int warmUp(int port, List<Chat> chats, int rate, int minSeconds, int maxSeconds,
                              BenchEnvironment env) throws InterruptedException {
        env.progress().accept(String.format(Locale.ROOT, "warm-up: %,d msgs/s for %d s", rate, minSeconds));
        send(port, chats, rate, minSeconds, "warm-");
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        if (jit == null || !jit.isCompilationTimeMonitoringSupported()) {
            return minSeconds;
        }
        int seconds = minSeconds;
        long compiled = jit.getTotalCompilationTime();
        while (seconds < maxSeconds) {
            send(port, chats, rate, WARMUP_SLICE_SECONDS, "warm" + seconds + "-");
            seconds += WARMUP_SLICE_SECONDS;
            long before = compiled;
            compiled = jit.getTotalCompilationTime();
            if (compiled - before < WARMUP_SLICE_SECONDS * 1000 * QUIET_JIT_SHARE) {
                break;
            }
            env.progress().accept(String.format(Locale.ROOT, "warm-up: %d s so far; the JIT compiled for %,d ms in the"
                    + " last %d s", seconds, compiled - before, WARMUP_SLICE_SECONDS));
        }
        return seconds;
    }

    private static int startedPort(Pipeline pipeline) {
        pipeline.start();
        return pipeline.httpPort();
    }

    private record Chat(UUID id, List<UUID> members) {
    }

    /** Send to receipt of records at the same open-loop rate through one topic, acks=all like ingest's producer. */
    private static Distribution kafkaHop(String bootstrap, String topic, int rate, int seconds) throws Exception {
        int total = rate * seconds;
        Map<String, Object> common = Map.of("bootstrap.servers", bootstrap);
        Map<String, Object> consumerProps = new HashMap<>(common);
        consumerProps.put("group.id", topic + "-reader");
        consumerProps.put("auto.offset.reset", "earliest");
        consumerProps.put("fetch.max.wait.ms", 100);
        Map<String, Object> producerProps = new HashMap<>(common);
        producerProps.put("acks", "all");
        producerProps.put("linger.ms", 5); // ingest's
        long[] latencies = new long[total];
        AtomicInteger received = new AtomicInteger();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProps, new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
             KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerProps, new ByteArraySerializer(),
                     new ByteArraySerializer())) {
            consumer.subscribe(List.of(topic));
            while (consumer.assignment().isEmpty()) {
                consumer.poll(Duration.ofMillis(100));
            }
            Thread sender = new Thread(() -> {
                long begin = System.nanoTime();
                for (int i = 0; i < total; i++) {
                    pace(begin, i, rate);
                    byte[] value = new byte[250];
                    ByteBuffer.wrap(value).putInt(i).putLong(System.nanoTime());
                    producer.send(new ProducerRecord<>(topic, Integer.toString(i).getBytes(), value));
                }
            }, "courier-bench-hop");
            sender.start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds + 60L);
            while (received.get() < total && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    ByteBuffer b = ByteBuffer.wrap(r.value());
                    int i = b.getInt();
                    latencies[i] = System.nanoTime() - b.getLong();
                    received.incrementAndGet();
                }
            }
            sender.join();
        }
        return Distribution.of("Kafka hop (send -> receipt)", Arrays.stream(latencies).filter(l -> l > 0).toArray());
    }

    private static void awaitReady(int port, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (HttpConnection c = new HttpConnection(port)) {
            while (c.exchange(HttpConnection.get("/health/ready", KEY)) != 200) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the pipeline was not ready within " + timeout.toSeconds() + " s");
                }
                Thread.sleep(100); // a benchmark's poll
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static List<Chat> createChats(int port, BenchDatabase db) throws Exception {
        Random random = new Random(42);
        List<Chat> chats = new ArrayList<>();
        try (HttpConnection c = new HttpConnection(port)) {
            for (int i = 0; i < CHATS; i++) {
                List<UUID> members = new ArrayList<>();
                int size = 2 + random.nextInt(7);
                for (int m = 0; m < size; m++) {
                    members.add(UUID.randomUUID());
                }
                Chat chat = new Chat(UUID.randomUUID(), members);
                chats.add(chat);
                int status = c.exchange(HttpConnection.post("/v1/chats", KEY, "{\"chatId\":\"" + chat.id()
                        + "\",\"type\":\"group\",\"createdBy\":\"" + members.get(0) + "\",\"members\":["
                        + members.stream().map(u -> "\"" + u + "\"").collect(Collectors.joining(",")) + "]}"));
                if (status != 202) {
                    throw new IllegalStateException("creating chat " + chat.id() + " was answered " + status);
                }
            }
        }
        db.awaitCount("SELECT count(*) FROM chats", CHATS, Duration.ofSeconds(120), "the chats did not reach PostgreSQL");
        return chats;
    }

    /** Single-message POSTs on an open-loop schedule at {@code rate}; returns how many got a 202. */
    private static int send(int port, List<Chat> chats, int rate, int seconds, String idPrefix) throws InterruptedException {
        Random random = new Random(idPrefix.hashCode());
        int total = rate * seconds;
        Chat[] chatOf = new Chat[total];
        UUID[] senderOf = new UUID[total];
        for (int i = 0; i < total; i++) {
            chatOf[i] = chats.get(random.nextInt(chats.size()));
            senderOf[i] = chatOf[i].members().get(random.nextInt(chatOf[i].members().size()));
        }
        return (int) OpenLoop.run(port, CONNECTIONS, rate, seconds, i -> HttpConnection.post("/v1/chats/" + chatOf[i].id()
                + "/messages", KEY, "{\"senderId\":\"" + senderOf[i] + "\",\"clientMessageId\":\"" + idPrefix + i
                + "\",\"content\":\"an end-to-end latency probe, message " + i + "\"}"), 202);
    }

    private static void pace(long begin, int i, int rate) {
        long wait = begin + i * 1_000_000_000L / rate - System.nanoTime();
        if (wait > 0) {
            try {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Each measured message's acceptedAt, in microseconds since the epoch. */
    private static Map<UUID, Long> acceptedAt(BenchDatabase db) throws Exception {
        Map<UUID, Long> out = new HashMap<>();
        try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT id, accepted_at FROM messages WHERE client_message_id LIKE 'lat-%'")) {
            while (rs.next()) {
                Instant t = rs.getObject(2, java.time.OffsetDateTime.class).toInstant();
                out.put(rs.getObject(1, UUID.class), micros(t));
            }
        }
        return out;
    }

    private static long micros(Instant t) {
        return t.getEpochSecond() * 1_000_000L + t.getNano() / 1_000;
    }

    /**
     * A recipient's device: a read_committed consumer of {@code inbox} noting when each Delivery arrives, on a thread
     * of its own from the pipeline's start to the end of the measurement.
     */
    private static final class InboxReader implements AutoCloseable {

        private record Arrival(UUID messageId, long epochMicros) {
        }

        private final List<Arrival> arrivals = new ArrayList<>();
        private final AtomicLong lastArrivalNanos = new AtomicLong(System.nanoTime());
        private final Thread thread;
        private volatile boolean running = true;

        InboxReader(String bootstrap, String topic, String group) {
            Map<String, Object> props = Map.of("bootstrap.servers", bootstrap, "group.id", group,
                    "isolation.level", "read_committed", "auto.offset.reset", "earliest");
            KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                    new ByteArrayDeserializer());
            consumer.subscribe(List.of(topic));
            thread = new Thread(() -> {
                try (consumer) {
                    while (running) {
                        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                            long now = micros(Instant.now());
                            if (BenchTopics.CODEC.decode(r.value(), Delivery.class) instanceof Decoded.Valid<Delivery> d) {
                                arrivals.add(new Arrival(d.event().messageId(), now));
                                lastArrivalNanos.set(System.nanoTime());
                            }
                        }
                    }
                }
            }, "courier-bench-inbox");
            thread.start();
        }

        /** Waits until no Delivery arrived for a second, stops, and answers arrival minus acceptedAt of each. */
        Distribution latencies(Map<UUID, Long> acceptedMicros, String name) throws InterruptedException {
            while (System.nanoTime() - lastArrivalNanos.get() < 1_000_000_000L) {
                Thread.sleep(100); // a benchmark's poll
            }
            close();
            return new Distribution(name, arrivals.stream().filter(a -> acceptedMicros.containsKey(a.messageId()))
                    .mapToDouble(a -> (a.epochMicros() - acceptedMicros.get(a.messageId())) / 1_000.0).toArray());
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            thread.join();
        }
    }

    private static Distribution persistedLatencies(BenchDatabase db, int rate) throws Exception {
        try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT extract(epoch FROM persisted_at - accepted_at) * 1000 FROM messages WHERE client_message_id LIKE 'lat-%'")) {
            List<Double> ms = new ArrayList<>();
            while (rs.next()) {
                ms.add(rs.getDouble(1));
            }
            return new Distribution(String.format(Locale.ROOT, "accepted -> persisted at %,d msgs/s", rate),
                    ms.stream().mapToDouble(Double::doubleValue).toArray());
        }
    }
}
