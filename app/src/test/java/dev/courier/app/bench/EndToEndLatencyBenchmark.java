package dev.courier.app.bench;

import dev.courier.app.config.ConfigLoader;
import dev.courier.app.config.CourierConfig;
import dev.courier.app.config.Settings;
import dev.courier.app.kafka.TopicCreator;
import dev.courier.app.run.Pipeline;
import dev.courier.events.EventCodec;
import dev.courier.events.Topics;
import dev.courier.testkit.PostgresTestDatabase;
import dev.courier.testkit.TestKafka;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * End-to-end latency of the whole pipeline, as {@code courier serve} runs it: single-message POSTs at a fixed offered
 * rate (open loop: each request is sent at its scheduled time, whatever the previous ones do) → ingest stamps
 * {@code acceptedAt} → {@code chat-events.in} → delivery worker (exactly_once_v2, its outputs visible when its
 * transaction commits) → {@code chat-log} → sink → {@code messages.persisted_at}. The percentiles of
 * {@code persisted_at - accepted_at} are computed in SQL over the measured messages. {@code persisted_at} is the start
 * of the sink's transaction, so the final commit of that transaction is not included.
 *
 * <p>A main class, not a test. Properties: {@code bench.rate} (messages/s, default 1,000), {@code bench.seconds}
 * (measured, default 30), {@code bench.warmup} (seconds, default 180: the one JVM that hosts broker, ingest, worker and
 * sink is still compiling 60-90 s in, C2 taking 0.2-0.5 of the 2 cores with hundreds of deoptimisations per 10 s, and a
 * server that runs for days is measured after that), {@code bench.chats} (default 1,000; group sizes
 * 2–8), {@code bench.partitions} (default 6), {@code bench.commitInterval} (the worker's, default: the product's),
 * {@code bench.scrape} (seconds between GETs of /metrics, default 10 as compose/'s Prometheus; 0: none) and
 * {@code -DCOURIER_<SETTING>=value} for any other setting.
 */
public final class EndToEndLatencyBenchmark {

    private static final String KEY = "bench-admin-key";

    private EndToEndLatencyBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int status = 0;
        try {
            run();
        } catch (Exception e) {
            e.printStackTrace();
            status = 1;
        }
        System.exit(status); // the shared test broker's threads would keep the JVM alive
    }

    private static void run() throws Exception {
        int rate = Integer.getInteger("bench.rate", 1_000);
        int seconds = Integer.getInteger("bench.seconds", 30);
        int warmup = Integer.getInteger("bench.warmup", 180);
        int chatCount = Integer.getInteger("bench.chats", 1_000);
        int partitions = Integer.getInteger("bench.partitions", 6);
        String commitInterval = System.getProperty("bench.commitInterval", Settings.WORKER_COMMIT_INTERVAL.defaultValue());
        Duration scrapeEvery = Duration.ofSeconds(Integer.getInteger("bench.scrape", 10));
        System.out.println("[bench] load average before: " + loadAverage());

        String bootstrap = TestKafka.bootstrapServers();
        String prefix = "e2e" + Long.toHexString(System.nanoTime()) + ".";
        Path dataDir = Files.createTempDirectory("courier-e2e-bench");
        try (PostgresTestDatabase db = PostgresTestDatabase.create("EndToEndLatencyBenchmark")) {
            Map<String, String> env = new TreeMap<>();
            // -DCOURIER_<SETTING>=value sets any other setting (e.g. -DCOURIER_SINK_LINGER=0ms) for an A/B run.
            System.getProperties().stringPropertyNames().stream().filter(k -> k.startsWith("COURIER_"))
                    .forEach(k -> env.put(k, System.getProperty(k)));
            env.putAll(Map.of(
                    "COURIER_KAFKA_BOOTSTRAP", bootstrap,
                    "COURIER_TOPIC_PREFIX", prefix,
                    "COURIER_PARTITIONS", Integer.toString(partitions),
                    "COURIER_DATABASE_URL", db.jdbcUrl(),
                    "COURIER_HTTP_PORT", "0",
                    "COURIER_DATA_DIR", dataDir.toString(),
                    "COURIER_WORKER_COMMIT_INTERVAL", commitInterval,
                    "COURIER_API_KEYS", KEY + ":admin"));
            CourierConfig config = ConfigLoader.load(env, Optional.empty());
            System.out.println("[bench] settings: " + env);
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
                new TopicCreator(admin).createAll(new Topics(prefix, new EventCodec(config.limits())), partitions,
                        Optional.empty());
            }
            Pipeline pipeline = new Pipeline(config, EnumSet.allOf(Pipeline.Part.class), config.http().apiKeys());
            try (pipeline; Client client = new Client(startedPort(pipeline));
                 Scraper scraper = new Scraper(client, scrapeEvery)) {
                client.awaitReady();
                List<Chat> chats = createChats(client, chatCount, db);
                System.out.printf("[bench] %d chats created; warm-up %d s at %d msgs/s%n", chats.size(), warmup, rate);
                send(client, chats, rate, warmup, "warm-");
                System.out.printf("[bench] measuring %d s at %d msgs/s (worker commit interval %s, %d partitions)%n",
                        seconds, rate, commitInterval, partitions);
                Map<String, Double> before = client.stageMetrics();
                int accepted = send(client, chats, rate, seconds, "lat-");
                awaitPersisted(db, accepted);
                report(db, rate, seconds, accepted, commitInterval, partitions);
                reportStages(before, client.stageMetrics());
                scraper.report(db);
            }
        }
        System.out.println("[bench] load average after: " + loadAverage());
    }

    private static int startedPort(Pipeline pipeline) {
        pipeline.start();
        return pipeline.httpPort();
    }

    private record Chat(UUID id, List<UUID> members) {
    }

    private static List<Chat> createChats(Client client, int count, PostgresTestDatabase db) throws Exception {
        Random random = new Random(42);
        List<Chat> chats = new ArrayList<>();
        List<CompletableFuture<Answer>> pending = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            List<UUID> members = new ArrayList<>();
            int size = 2 + random.nextInt(7);
            for (int m = 0; m < size; m++) {
                members.add(UUID.randomUUID());
            }
            Chat chat = new Chat(UUID.randomUUID(), members);
            chats.add(chat);
            if (pending.size() == 50) {
                awaitCreated(pending);
            }
            pending.add(client.post("/v1/chats", "{\"chatId\":\"" + chat.id() + "\",\"type\":\"group\",\"createdBy\":\""
                    + members.get(0) + "\",\"members\":[" + String.join(",", members.stream().map(u -> "\"" + u + "\"").toList())
                    + "]}"));
        }
        awaitCreated(pending);
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (count(db, "SELECT count(*) FROM chats") < count) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("chats did not reach PostgreSQL within 120 s");
            }
            Thread.sleep(100);
        }
        return chats;
    }

    private static void awaitCreated(List<CompletableFuture<Answer>> pending) {
        for (CompletableFuture<Answer> f : pending) {
            Answer r = f.join();
            if (r.status() != 202) {
                throw new IllegalStateException("creating a chat failed: " + r.status() + " " + r.body());
            }
        }
        pending.clear();
    }

    /** Open loop: request i is sent at start + i / rate, without waiting for earlier answers. */
    private static int send(Client client, List<Chat> chats, int rate, int seconds, String idPrefix) throws Exception {
        Random random = new Random(idPrefix.hashCode());
        int total = rate * seconds;
        AtomicInteger failed = new AtomicInteger();
        List<CompletableFuture<?>> pending = new ArrayList<>(total);
        long begin = System.nanoTime();
        for (int i = 0; i < total; i++) {
            long wait = begin + i * 1_000_000_000L / rate - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
            Chat chat = chats.get(random.nextInt(chats.size()));
            UUID sender = chat.members().get(random.nextInt(chat.members().size()));
            pending.add(client.post("/v1/chats/" + chat.id() + "/messages", "{\"senderId\":\"" + sender
                    + "\",\"clientMessageId\":\"" + idPrefix + i + "\",\"content\":\"an end-to-end latency probe, message "
                    + i + "\"}").handle((r, e) -> {
                        if (e != null || r.status() != 202) {
                            failed.incrementAndGet();
                        }
                        return null;
                    }));
        }
        CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).join();
        double behind = (System.nanoTime() - begin) / 1e9 - seconds;
        System.out.printf("[bench] %s: %d sent, %d not accepted, sender finished %.2f s after its schedule%n",
                idPrefix, total, failed.get(), behind);
        return total - failed.get();
    }

    private static void awaitPersisted(PostgresTestDatabase db, int accepted) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (count(db, "SELECT count(*) FROM messages WHERE client_message_id LIKE 'lat-%'") < accepted) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("not every accepted message reached PostgreSQL within 120 s");
            }
            Thread.sleep(100);
        }
    }

    private static void report(PostgresTestDatabase db, int rate, int seconds, int accepted, String commitInterval,
                               int partitions) throws Exception {
        try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("""
                SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY ms), percentile_cont(0.99) WITHIN GROUP (ORDER BY ms),
                       percentile_cont(0.999) WITHIN GROUP (ORDER BY ms), max(ms), count(*)
                  FROM (SELECT extract(epoch FROM persisted_at - accepted_at) * 1000 AS ms
                          FROM messages WHERE client_message_id LIKE 'lat-%') l""")) {
            rs.next();
            System.out.printf("%n| offered load | worker commit interval | messages | p50 | p99 | p99.9 | max |%n"
                            + "|---|---|---|---|---|---|---|%n"
                            + "| %,d msgs/s for %d s (%d partitions) | %s | %,d | %.1f ms | %.1f ms | %.1f ms | %.1f ms |%n",
                    rate, seconds, partitions, commitInterval, rs.getLong(5), rs.getDouble(1), rs.getDouble(2),
                    rs.getDouble(3), rs.getDouble(4));
            if (rs.getLong(5) != accepted) {
                System.out.printf("[bench] WARNING: %d accepted but %d persisted%n", accepted, rs.getLong(5));
            }
        }
        reportTailSeconds(db);
    }

    /**
     * Whether the slowest 1 % arrive in bursts (a stall: GC, a slow commit, a rebalance) or spread over the run
     * (queueing for a core): the seconds of {@code accepted_at} that hold most of them.
     */
    private static void reportTailSeconds(PostgresTestDatabase db) throws Exception {
        try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("""
                WITH l AS (SELECT accepted_at, extract(epoch FROM persisted_at - accepted_at) * 1000 AS ms
                             FROM messages WHERE client_message_id LIKE 'lat-%'),
                     t AS (SELECT percentile_cont(0.99) WITHIN GROUP (ORDER BY ms) AS p99 FROM l),
                     s AS (SELECT date_trunc('second', accepted_at) AS sec, count(*) FILTER (WHERE ms > t.p99) AS slow,
                                  percentile_cont(0.5) WITHIN GROUP (ORDER BY ms) AS p50, max(ms) AS worst
                             FROM l, t GROUP BY 1)
                SELECT to_char(sec, 'HH24:MI:SS'), slow, p50, worst,
                       count(*) FILTER (WHERE slow > 0) OVER () AS seconds_with_slow, sum(slow) OVER () AS all_slow
                  FROM s ORDER BY slow DESC, worst DESC LIMIT 5""")) {
            boolean first = true;
            while (rs.next()) {
                if (first) {
                    System.out.printf("[bench] the %d messages above p99 fall in %d of the measured seconds; the worst:%n",
                            rs.getLong(6), rs.getLong(5));
                    first = false;
                }
                System.out.printf("[bench]   %s  %d above p99, p50 %.1f ms, max %.1f ms%n", rs.getString(1), rs.getLong(2),
                        rs.getDouble(3), rs.getDouble(4));
            }
        }
    }

    /** Mean time of each stage during the measured phase, from the pipeline's own timers (deltas of sum / count). */
    private static void reportStages(Map<String, Double> before, Map<String, Double> after) {
        System.out.println();
        for (String stage : List.of("courier_ingest_publish_seconds", "courier_worker_latency_seconds")) {
            double count = after.getOrDefault(stage + "_count", 0.0) - before.getOrDefault(stage + "_count", 0.0);
            double sum = after.getOrDefault(stage + "_sum", 0.0) - before.getOrDefault(stage + "_sum", 0.0);
            System.out.printf("[bench] %s: %,.0f observations, mean %.1f ms (max over the run %.1f ms)%n", stage, count,
                    count == 0 ? 0 : sum / count * 1000, after.getOrDefault(stage + "_max", 0.0) * 1000);
        }
    }

    private static long count(PostgresTestDatabase db, String sql) throws Exception {
        try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (Exception e) {
            return "unknown";
        }
    }

    /** An HTTP answer: status and body. */
    private record Answer(int status, String body) {
    }

    /**
     * GET /metrics on a period, as the Prometheus in compose/ does (every 10 s): a scrape is part of the load a
     * deployed pipeline carries, and its cost is printed (0 turns it off).
     */
    private static final class Scraper implements AutoCloseable {
        private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        private final List<Scrape> scrapes = Collections.synchronizedList(new ArrayList<>());
        private final AtomicInteger failures = new AtomicInteger();

        /** One GET /metrics: when it started (epoch second), how long it took, how many lines it returned. */
        private record Scrape(long startSecond, double millis, long lines) {
            @Override
            public String toString() {
                return String.format(Locale.ROOT, "%s (%.0f ms, %,d lines)",
                        LocalTime.ofSecondOfDay(Math.floorMod(startSecond, 86_400L)), millis, lines);
            }
        }

        Scraper(Client client, Duration every) {
            if (!every.isZero()) {
                timer.scheduleAtFixedRate(() -> {
                    try {
                        long startSecond = System.currentTimeMillis() / 1000;
                        long began = System.nanoTime();
                        String body = client.get("/metrics").body();
                        scrapes.add(new Scrape(startSecond, (System.nanoTime() - began) / 1e6,
                                body.chars().filter(ch -> ch == '\n').count()));
                    } catch (RuntimeException e) { // a failed scrape must not end the schedule
                        failures.incrementAndGet();
                    }
                }, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
            }
        }

        void report(PostgresTestDatabase db) throws Exception {
            List<Scrape> done = List.copyOf(scrapes);
            if (done.isEmpty()) {
                System.out.println("[bench] /metrics was not scraped during the run (-Dbench.scrape=0)");
                return;
            }
            List<Double> sorted = done.stream().map(Scrape::millis).sorted().toList();
            System.out.printf("[bench] /metrics scraped %d times (%d failed): median %.0f ms, max %.0f ms; the last ones"
                            + " (UTC start): %s%n", sorted.size(), failures.get(), sorted.get(sorted.size() / 2),
                    sorted.get(sorted.size() - 1),
                    done.subList(Math.max(0, done.size() - 6), done.size()).stream().map(Scrape::toString)
                            .collect(Collectors.joining(", ")));
            reportByOffset(db, done.stream().map(Scrape::startSecond).toList());
        }

        /**
         * Latency by how many seconds after the latest scrape a message was accepted, over the last 120 s (the end of
         * the warm-up, the JIT settled, and the measured phase): a scrape that disturbs the pipeline shows as a peak.
         */
        private static void reportByOffset(PostgresTestDatabase db, List<Long> starts) throws Exception {
            Map<Long, double[]> byOffset = new TreeMap<>(); // offset → {seconds, sum of p50s, sum of maxima}
            try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("""
                    WITH l AS (SELECT accepted_at, extract(epoch FROM persisted_at - accepted_at) * 1000 AS ms
                                 FROM messages WHERE client_message_id LIKE 'lat-%' OR client_message_id LIKE 'warm-%')
                    SELECT extract(epoch FROM date_trunc('second', accepted_at))::bigint,
                           percentile_cont(0.5) WITHIN GROUP (ORDER BY ms), max(ms)
                      FROM l WHERE accepted_at > (SELECT max(accepted_at) - interval '120 seconds' FROM l) GROUP BY 1""")) {
                while (rs.next()) {
                    long second = rs.getLong(1);
                    long latest = starts.stream().filter(t -> t <= second).mapToLong(Long::longValue).max().orElse(-1);
                    if (latest >= 0) {
                        double[] acc = byOffset.computeIfAbsent(second - latest, k -> new double[3]);
                        acc[0]++;
                        acc[1] += rs.getDouble(2);
                        acc[2] += rs.getDouble(3);
                    }
                }
            }
            StringBuilder line = new StringBuilder("[bench] seconds after a scrape → mean of the per-second p50 / max:");
            byOffset.forEach((offset, acc) -> line.append(String.format(Locale.ROOT, "  +%ds %.0f/%.0f ms", offset,
                    acc[1] / acc[0], acc[2] / acc[0])));
            System.out.println(line);
        }

        @Override
        public void close() {
            timer.shutdownNow();
        }
    }

    /**
     * Blocking keep-alive HTTP/1.1 connections on a fixed pool of threads, like wrk: cheap per request, so the load
     * generator does not take the CPU the pipeline needs (the JDK's async client spawned hundreds of threads at
     * 1,000 requests/s). Requests wait in the pool's queue when every connection is busy, so the schedule stays open-loop.
     */
    private static final class Client implements AutoCloseable {
        private static final int CONNECTIONS = 32;
        private final ExecutorService pool = Executors.newFixedThreadPool(CONNECTIONS);
        private final String base;

        Client(int port) {
            this.base = "http://127.0.0.1:" + port;
            System.setProperty("http.maxConnections", Integer.toString(CONNECTIONS));
        }

        CompletableFuture<Answer> post(String path, String body) {
            return CompletableFuture.supplyAsync(() -> call("POST", path, body), pool);
        }

        Answer get(String path) {
            return call("GET", path, null);
        }

        private Answer call(String method, String path, String body) {
            try {
                HttpURLConnection c = (HttpURLConnection) URI.create(base + path).toURL().openConnection();
                c.setRequestMethod(method);
                c.setRequestProperty("Authorization", "Bearer " + KEY);
                if (body != null) {
                    c.setDoOutput(true);
                    c.setRequestProperty("Content-Type", "application/json");
                    try (OutputStream out = c.getOutputStream()) {
                        out.write(body.getBytes(StandardCharsets.UTF_8));
                    }
                }
                int status = c.getResponseCode();
                // Reading the whole body (also of an error) lets the connection go back to the keep-alive cache.
                try (InputStream in = status < 400 ? c.getInputStream() : c.getErrorStream()) {
                    return new Answer(status, in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(method + " " + path, e);
            }
        }

        /** Sums, counts and maxima of the stage timers on /metrics, summed over their tags. */
        Map<String, Double> stageMetrics() {
            Map<String, Double> values = new TreeMap<>();
            for (String line : get("/metrics").body().split("\n")) {
                if (line.startsWith("courier_ingest_publish_seconds_") || line.startsWith("courier_worker_latency_seconds_")) {
                    String name = line.substring(0, line.indexOf(line.contains("{") ? '{' : ' '));
                    double v = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                    values.merge(name, v, name.endsWith("_max") ? Math::max : Double::sum);
                }
            }
            return values;
        }

        void awaitReady() throws InterruptedException {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (get("/health/ready").status() != 200) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the pipeline was not ready within 60 s");
                }
                Thread.sleep(100);
            }
        }

        @Override
        public void close() {
            pool.shutdownNow();
        }
    }
}
