package dev.courier.ingest.bench;

import com.zaxxer.hikari.HikariDataSource;
import dev.courier.events.EventCodec;
import dev.courier.events.EventLimits;
import dev.courier.events.Topics;
import dev.courier.ingest.ApiKeys;
import dev.courier.ingest.IngestServer;
import dev.courier.ingest.IngestSettings;
import dev.courier.ingest.read.ReadApi;
import dev.courier.migrations.MigrationSettings;
import dev.courier.migrations.Migrator;
import dev.courier.persistence.DatabasePool;
import dev.courier.persistence.HistoryQuery;
import dev.courier.persistence.HistoryRepository;
import dev.courier.persistence.internal.dialect.ReadStatements;
import dev.courier.embeddedkafka.EmbeddedKafkaCluster;
import dev.courier.testkit.PostgresTestDatabase;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

/**
 * The read API benchmark (not a test): a fresh database with {@code bench.chats} chats × {@code bench.messages}
 * messages (the real schema, full-text index included), then three ways of running the same history query
 * ({@code limit=50}, a random chat, a random {@code before} such that every page is full), each closed loop with
 * {@code bench.connections} clients for {@code bench.seconds} after a warm-up:
 * <ol>
 *   <li>raw JDBC, pgbench-like: one connection per client, the statement prepared once, every column read;</li>
 *   <li>{@link HistoryRepository#page} over the HikariCP pool (the query plus row mapping, no HTTP);</li>
 *   <li>{@code GET /v1/chats/{id}/messages?before=&limit=50} through {@link IngestServer} + {@link ReadApi}, keep-alive
 *       HTTP/1.1 ({@link HttpLoad}), and in phase {@code wrk} the same requests from wrk, a separate process.</li>
 * </ol>
 * Phases 2 and 3 run once per pool size in {@code bench.pools} (comma-separated). Phase 3 is followed by an open loop
 * (phase {@code open}): the same requests on a fixed schedule of {@code bench.rate} per second (default 5,000) over
 * {@code bench.openConnections} keep-alive connections (default 64) for {@code bench.seconds}, latency measured from each
 * request's scheduled send time, so a stall delays the requests behind it and shows in the percentiles instead of
 * lowering the offered rate (the closed loop's p99 mixes throughput and latency: its 32 clients always queue). The
 * achieved rate is printed next to the offered one: below it, the server (or the load generator) could not keep up.
 * Phase {@code h2load} offers the same fixed rate from h2load processes outside this JVM over
 * {@code bench.h2loadClients} connections (default 200). Every measurement also prints its CPU time per request ({@link CpuMeter}: this JVM, load generator included, and
 * the database's PostgreSQL backends), steadier than the rates on a shared machine. Prints a Markdown table.
 */
public final class HistoryBenchmark {

    private static final String KEY = "bench-read-key";
    private static final int LIMIT = 50;
    private static final int REQUESTS = 16_384;

    public static void main(String[] args) throws Exception {
        double seconds = Double.parseDouble(System.getProperty("bench.seconds", "15"));
        double warmup = Double.parseDouble(System.getProperty("bench.warmup", "5"));
        int chats = Integer.getInteger("bench.chats", 100);
        int perChat = Integer.getInteger("bench.messages", 2_000);
        int connections = Integer.getInteger("bench.connections", 32);
        double rate = Double.parseDouble(System.getProperty("bench.rate", "5000"));
        int openConnections = Integer.getInteger("bench.openConnections", 64);
        int h2loadClients = Integer.getInteger("bench.h2loadClients", 200);
        int[] pools = Arrays.stream(System.getProperty("bench.pools", "8").split(",")).mapToInt(Integer::parseInt).toArray();
        String phases = System.getProperty("bench.phases", "jdbc,repository,http,open");
        List<String> report = new ArrayList<>();
        report.add("| load average before | " + loadAverage());

        long[] befores = new long[REQUESTS];
        int[] chatOf = new int[REQUESTS];
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < REQUESTS; i++) {
            chatOf[i] = random.nextInt(chats);
            befores[i] = LIMIT + 1 + random.nextInt(perChat - LIMIT + 1); // 51..perChat+1: always a full page
        }

        try (PostgresTestDatabase db = PostgresTestDatabase.create("HistoryBenchmark");
             EmbeddedKafkaCluster cluster = EmbeddedKafkaCluster.builder().build().start()) {
            new Migrator(MigrationSettings.of(db.jdbcUrl(), db.user(), db.password())).up();
            long t0 = System.nanoTime();
            load(db, chats, perChat);
            log(String.format(Locale.ROOT, "loaded %,d messages in %.1f s", (long) chats * perChat, (System.nanoTime() - t0) / 1e9));

            CpuMeter cpu = new CpuMeter(db);
            if (phases.contains("jdbc")) {
                log("raw JDBC warm-up");
                jdbc(db, connections, warmup, chatOf, befores);
                log("raw JDBC");
                report.add(row("raw JDBC, same query, " + connections + " connections (one per client, prepared once)",
                        cpu, c -> jdbc(db, connections, seconds, chatOf, befores)));
            }
            for (int poolSize : pools) {
                PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
                try (HikariDataSource pool = DatabasePool.create(db.jdbcUrl(), db.user(), db.password(), poolSize, registry)) {
                    if (phases.contains("repository")) {
                        HistoryRepository history = new HistoryRepository(pool);
                        log("repository warm-up, pool " + poolSize);
                        repository(history, connections, warmup, chatOf, befores);
                        log("repository, pool " + poolSize);
                        report.add(row("HistoryRepository.page over HikariCP (pool " + poolSize + "), " + connections
                                + " threads", cpu, c -> repository(history, connections, seconds, chatOf, befores)));
                    }
                    if (phases.contains("http") || phases.contains("open") || phases.contains("wrk")
                            || phases.contains("h2load")) {
                        http(cluster, registry, pool, new HttpPhases(phases.contains("http"), phases.contains("open"),
                                phases.contains("wrk"), phases.contains("h2load"), connections, openConnections,
                                h2loadClients, rate, warmup, seconds), cpu, chatOf, befores, report);
                    }
                }
            }
        }
        report.add("| load average after | " + loadAverage());
        System.out.println();
        System.out.println("| measurement | result |");
        System.out.println("|---|---|");
        report.forEach(r -> System.out.println(r + " |"));
        System.exit(0);
    }

    /** Chats, then their messages in one INSERT ... SELECT (~110-byte contents, 5 senders a chat), then ANALYZE. */
    private static void load(PostgresTestDatabase db, int chats, int perChat) throws Exception {
        try (Connection c = db.connect()) {
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO chats (id, type, title, created_by, latest_seq)
                    SELECT ('00000000-0000-4000-8000-' || lpad(to_hex(n), 12, '0'))::uuid, 'group', 'chat ' || n,
                           md5('sender' || n)::uuid, ?
                      FROM generate_series(0, ? - 1) n""")) {
                ps.setLong(1, perChat);
                ps.setInt(2, chats);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO messages (id, chat_id, seq, sender_id, client_message_id, content, sent_at, accepted_at)
                    SELECT gen_random_uuid(), c.id, s, md5(c.id::text || (s % 5))::uuid, 'bench-' || c.id || '-' || s,
                           'message ' || s || ' lorem ipsum dolor sit amet ' || md5(c.id::text || s)
                               || ' consectetur adipiscing elit',
                           timestamptz '2025-01-01 00:00:00Z' + s * interval '1 second',
                           timestamptz '2025-01-01 00:00:00Z' + s * interval '1 second' + interval '3 milliseconds'
                      FROM chats c, generate_series(1, ?) s""")) {
                ps.setInt(1, perChat);
                ps.executeUpdate();
            }
            try (Statement s = c.createStatement()) {
                s.execute("VACUUM ANALYZE messages");
                s.execute("VACUUM ANALYZE chats");
            }
        }
    }

    static UUID chatId(int n) {
        return UUID.fromString(String.format(Locale.ROOT, "00000000-0000-4000-8000-%012x", n));
    }

    private static HttpLoad.Result jdbc(PostgresTestDatabase db, int clients, double seconds, int[] chatOf,
                                        long[] befores) throws Exception {
        return closedLoop(clients, seconds, () -> {
            Connection c = db.connect();
            PreparedStatement ps = c.prepareStatement(ReadStatements.HISTORY_NEWEST_FIRST);
            return i -> {
                ps.setObject(1, chatId(chatOf[i]));
                ps.setLong(2, befores[i]);
                ps.setLong(3, 0);
                ps.setInt(4, LIMIT + 1); // what HistoryRepository asks for: one more tells whether an older page exists
                int rows = 0;
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        for (int col = 1; col <= 9; col++) {
                            rs.getString(col);
                        }
                        rows++;
                    }
                }
                if (rows < LIMIT) {
                    throw new IllegalStateException("expected a full page, got " + rows);
                }
            };
        });
    }

    private static HttpLoad.Result repository(HistoryRepository history, int threads, double seconds, int[] chatOf,
                                              long[] befores) throws Exception {
        return closedLoop(threads, seconds, () -> i -> {
            if (history.page(HistoryQuery.of(chatId(chatOf[i]), befores[i], null, (long) LIMIT)).messages().size() != LIMIT) {
                throw new IllegalStateException("expected a full page");
            }
        });
    }

    /** What the HTTP phases run: the closed loop, the open loop at {@code rate}, or both. */
    private record HttpPhases(boolean closed, boolean open, boolean wrk, boolean h2load, int connections,
                              int openConnections, int h2loadClients, double rate, double warmup, double seconds) {
    }

    private static void http(EmbeddedKafkaCluster cluster, PrometheusMeterRegistry registry, HikariDataSource pool,
                             HttpPhases p, CpuMeter cpu, int[] chatOf, long[] befores, List<String> report)
            throws Exception {
        Topics topics = new Topics("bench.", new EventCodec(EventLimits.defaults()));
        IngestSettings settings = IngestSettings.defaults(ApiKeys.parse(KEY + ":read")).withHost("127.0.0.1").withPort(0);
        IngestServer server = new IngestServer(settings, topics, Map.of("bootstrap.servers", cluster.bootstrapServers()),
                registry, Optional.of(new ReadApi(pool)));
        server.start();
        int poolSize = pool.getMaximumPoolSize();
        try {
            byte[][] requests = new byte[REQUESTS][];
            for (int i = 0; i < REQUESTS; i++) {
                requests[i] = HttpLoad.get("/v1/chats/" + chatId(chatOf[i]) + "/messages?before=" + befores[i]
                        + "&limit=" + LIMIT, KEY);
            }
            IntFunction<byte[]> pick = i -> requests[Math.floorMod(i, REQUESTS)];
            log("HTTP warm-up, pool " + poolSize);
            HttpLoad.closedLoop(server.port(), p.connections(), p.warmup(), pick, 200);
            if (p.closed()) {
                log("HTTP closed loop, pool " + poolSize);
                report.add(row("GET /v1/chats/{id}/messages?before=&limit=50, HikariCP pool " + poolSize + ", "
                        + p.connections() + " connections, closed loop", cpu,
                        c -> HttpLoad.closedLoop(server.port(), p.connections(), p.seconds(), pick, 200)));
            }
            if (p.wrk()) {
                report.add(wrk(server.port(), requests, p, cpu, poolSize));
            }
            if (p.h2load()) {
                report.add(h2load(server.port(), requests, p, cpu, poolSize));
            }
            if (p.open()) {
                log(String.format(Locale.ROOT, "HTTP open loop at %.0f/s, pool %d", p.rate(), poolSize));
                CpuMeter.Snapshot before = cpu.now();
                long called = System.nanoTime();
                HttpLoad.Result r = HttpLoad.openLoop(server.port(), p.openConnections(), p.seconds(), p.rate(), pick, 200);
                // Over the time until the last answer (the schedule starts 50 ms into the call): HttpLoad's own rate
                // caps the elapsed time at the schedule + 1 s, which overstates a server that fell further behind.
                double elapsed = Math.max(p.seconds(), (System.nanoTime() - called) / 1e9 - 0.05);
                report.add(String.format(Locale.ROOT, "| same GET, HikariCP pool %d, open loop: offered %,.0f/s over %d"
                                + " connections, latency from the scheduled send | achieved %,.0f requests/s, last answer"
                                + " %.1f s after the schedule's end (p50 %.1f ms, p99 %.1f ms, p99.9 %.1f ms, failed: %d%s)",
                        poolSize, p.rate(), p.openConnections(), r.requests() / elapsed, elapsed - p.seconds(),
                        r.percentile(0.5) / 1000.0, r.percentile(0.99) / 1000.0, r.percentile(0.999) / 1000.0,
                        r.non202(), cpu.perRequest(before, r.requests())));
            }
        } finally {
            server.stop();
        }
    }

    /**
     * The same requests from wrk, a separate load tool in C (Debian package {@code wrk}), closed loop over
     * {@code connections} keep-alive connections on two threads: the load generator's CPU is then not this JVM's, as it
     * would not be in production. A Lua script walks the pre-drawn requests (each wrk thread from its own offset).
     */
    private static String wrk(int port, byte[][] requests, HttpPhases p, CpuMeter cpu, int poolSize) throws Exception {
        Path script = Files.createTempFile("history-bench", ".lua");
        StringBuilder lua = new StringBuilder("local paths = {\n");
        for (String path : paths(requests)) {
            lua.append("\"").append(path).append("\",\n");
        }
        lua.append("}\nlocal threads = 0\nfunction setup(thread) thread:set(\"offset\", threads * 7919); threads = threads + 1 end\n")
                .append("local i = 0\nfunction request()\n  i = i + 1\n")
                .append("  return wrk.format(\"GET\", paths[(offset + i) % #paths + 1], {[\"Authorization\"] = \"Bearer ")
                .append(KEY).append("\"})\nend\n");
        Files.writeString(script, lua);
        String url = "http://127.0.0.1:" + port;
        log("wrk warm-up, pool " + poolSize);
        runWrk(script, url, p.connections(), p.warmup());
        log("wrk, pool " + poolSize);
        CpuMeter.Snapshot before = cpu.now();
        String out = runWrk(script, url, p.connections(), p.seconds());
        Files.delete(script);
        java.util.regex.Matcher total = java.util.regex.Pattern.compile("(\\d+) requests in").matcher(out);
        long requestCount = total.find() ? Long.parseLong(total.group(1)) : 0;
        return String.format(Locale.ROOT, "| same GET from wrk (a separate process: 2 threads, %d connections, closed loop), "
                        + "HikariCP pool %d | %s requests/s (p50 %s, p90 %s, p99 %s, non-2xx: %s%s)", p.connections(), poolSize,
                wrkValue(out, "Requests/sec:\\s+([\\d.]+)"), wrkValue(out, "\\s50%\\s+(\\S+)"),
                wrkValue(out, "\\s90%\\s+(\\S+)"), wrkValue(out, "\\s99%\\s+(\\S+)"),
                wrkValue(out, "Non-2xx or 3xx responses:\\s+(\\d+)").replace("?", "0"), cpu.perRequest(before, requestCount));
    }

    private static String runWrk(Path script, String url, int connections, double seconds) throws Exception {
        Process wrk = new ProcessBuilder("wrk", "-t2", "-c" + connections, "-d" + Math.max(1, Math.round(seconds)) + "s",
                "--latency", "-s", script.toString(), url).redirectErrorStream(true).start();
        String out = new String(wrk.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        if (wrk.waitFor() != 0) {
            throw new IllegalStateException("wrk failed (is it installed? apt-get install wrk):\n" + out);
        }
        return out;
    }

    /**
     * The same requests at a fixed rate from h2load (Debian package {@code nghttp2-client}), a load tool in C, in
     * processes of their own: {@code bench.h2loadClients} keep-alive HTTP/1.1 connections in total, each sending
     * {@code rate / clients} requests a second on its own schedule, whatever the answers do (wrk only runs a closed
     * loop, whose p99 at the server's maximum rate is queueing by construction).
     * <ul>
     *   <li>The connections of one h2load process fire together, so {@value #H2LOAD_PROCESSES} processes start a
     *       tenth of a period apart: requests then arrive in small groups spread over the period, not in one burst
     *       a period.</li>
     *   <li>h2load times a request from when it is sent, so a request held back behind a slow answer on its
     *       connection would not count its wait. With 200 connections at 25/s each, a connection's next request is
     *       due 40 ms after the previous one, so only answers slower than 40 ms (past the 25 ms target either way)
     *       can hold one back.</li>
     * </ul>
     * Percentiles come from h2load's per-request logs.
     */
    private static String h2load(int port, byte[][] requests, HttpPhases p, CpuMeter cpu, int poolSize) throws Exception {
        Path uris = Files.createTempFile("history-bench", ".uris");
        StringBuilder lines = new StringBuilder();
        for (String path : paths(requests)) {
            lines.append("http://127.0.0.1:").append(port).append(path).append('\n');
        }
        Files.writeString(uris, lines);
        int clientsEach = Math.max(1, p.h2loadClients() / H2LOAD_PROCESSES);
        double perClient = p.rate() / (clientsEach * H2LOAD_PROCESSES);
        log(String.format(Locale.ROOT, "h2load warm-up at %.0f/s (%d processes x %d connections x %.2f/s), pool %d",
                p.rate(), H2LOAD_PROCESSES, clientsEach, perClient, poolSize));
        runH2load(uris, clientsEach, perClient, p.warmup()).forEach(HistoryBenchmark::deleteQuietly);
        log("h2load, pool " + poolSize);
        CpuMeter.Snapshot before = cpu.now();
        List<Path> logs = runH2load(uris, clientsEach, perClient, p.seconds());
        long non200 = 0;
        List<Long> all = new ArrayList<>();
        for (Path log : logs) {
            for (String row : Files.readAllLines(log)) { // start (µs since the epoch) \t status \t µs to the answer's end
                String[] cols = row.split("\t");
                non200 += "200".equals(cols[1]) ? 0 : 1;
                all.add(Long.parseLong(cols[2]));
            }
            deleteQuietly(log);
        }
        String cpuPerRequest = cpu.perRequest(before, all.size());
        long[] micros = all.stream().mapToLong(Long::longValue).sorted().toArray();
        deleteQuietly(uris);
        return String.format(Locale.ROOT, "| same GET from h2load (%d processes, %d connections), offered %,.0f/s, open loop,"
                        + " HikariCP pool %d | %,.0f requests/s answered in the measured %.0f s (p50 %.1f ms, p90 %.1f ms,"
                        + " p99 %.1f ms, p99.9 %.1f ms, max %.1f ms, non-200: %d%s)",
                H2LOAD_PROCESSES, clientsEach * H2LOAD_PROCESSES, p.rate(), poolSize, micros.length / p.seconds(),
                p.seconds(), pct(micros, 0.5), pct(micros, 0.9), pct(micros, 0.99), pct(micros, 0.999),
                micros[micros.length - 1] / 1000.0, non200, cpuPerRequest);
    }

    private static final int H2LOAD_PROCESSES = 10;

    /** Runs the h2load processes, started a tenth of a connection's period apart; answers their log files. */
    private static List<Path> runH2load(Path uris, int clients, double perClient, double seconds) throws Exception {
        List<Process> processes = new ArrayList<>();
        List<Path> logs = new ArrayList<>();
        long staggerNanos = (long) (1e9 / perClient / H2LOAD_PROCESSES);
        long next = System.nanoTime();
        for (int i = 0; i < H2LOAD_PROCESSES; i++) {
            Path log = Files.createTempFile("history-bench", ".log");
            logs.add(log);
            TimeUnit.NANOSECONDS.sleep(next - System.nanoTime());
            next += staggerNanos;
            processes.add(new ProcessBuilder("h2load", "--h1", "-t1", "-c" + clients,
                    "--rps=" + String.format(Locale.ROOT, "%.3f", perClient), "-D" + Math.max(1, Math.round(seconds)) + "s",
                    "-H", "Authorization: Bearer " + KEY, "--log-file=" + log, "-i", uris.toString())
                    .redirectErrorStream(true).start());
        }
        for (Process h2load : processes) {
            String out = new String(h2load.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            if (h2load.waitFor() != 0) {
                throw new IllegalStateException("h2load failed (is it installed? apt-get install nghttp2-client):\n" + out);
            }
        }
        return logs;
    }

    /** The path and query of each pre-drawn request, for the external load tools. */
    private static List<String> paths(byte[][] requests) {
        List<String> paths = new ArrayList<>(requests.length);
        for (byte[] request : requests) {
            String head = new String(request, java.nio.charset.StandardCharsets.US_ASCII);
            paths.add(head.substring(head.indexOf(' ') + 1, head.indexOf(" HTTP/1.1")));
        }
        return paths;
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (java.io.IOException e) {
            log("could not delete " + file + ": " + e);
        }
    }

    private static double pct(long[] sortedMicros, double q) {
        return sortedMicros[Math.min(sortedMicros.length - 1, (int) Math.ceil(q * sortedMicros.length) - 1)] / 1000.0;
    }

    private static String wrkValue(String out, String regex) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(regex).matcher(out);
        return m.find() ? m.group(1) : "?";
    }

    @FunctionalInterface
    private interface Query {
        void run(int request) throws Exception;
    }

    @FunctionalInterface
    private interface Client {
        Query open() throws Exception;
    }

    /** {@code clients} threads, each running its own {@link Query} back to back for {@code seconds}. */
    private static HttpLoad.Result closedLoop(int clients, double seconds, Client client) throws Exception {
        AtomicLong tickets = new AtomicLong();
        AtomicLong failures = new AtomicLong();
        long[][] latencies = new long[clients][4_000_000 / clients];
        int[] counts = new int[clients];
        List<Thread> threads = new ArrayList<>();
        long start = System.nanoTime() + 200_000_000L;
        long end = start + (long) (seconds * 1e9);
        for (int t = 0; t < clients; t++) {
            int id = t;
            Thread thread = new Thread(() -> {
                try {
                    Query query = client.open();
                    while (System.nanoTime() < start) {
                        Thread.onSpinWait();
                    }
                    int n = 0;
                    long now;
                    while ((now = System.nanoTime()) < end) {
                        try {
                            query.run((int) (tickets.getAndIncrement() % REQUESTS));
                        } catch (Exception e) {
                            if (failures.getAndIncrement() == 0) {
                                log("first failure: " + e);
                            }
                        }
                        if (n < latencies[id].length) {
                            latencies[id][n++] = (System.nanoTime() - now) / 1000;
                        }
                    }
                    counts[id] = n;
                } catch (Exception e) {
                    throw new IllegalStateException("client " + id + " failed", e);
                }
            }, "bench-" + t);
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        long total = Arrays.stream(counts).asLongStream().sum();
        long[] all = new long[(int) total];
        int at = 0;
        for (int t = 0; t < clients; t++) {
            System.arraycopy(latencies[t], 0, all, at, counts[t]);
            at += counts[t];
        }
        Arrays.sort(all);
        return new HttpLoad.Result(total, failures.get(), seconds, all);
    }

    @FunctionalInterface
    private interface Measurement {
        HttpLoad.Result run(CpuMeter cpu) throws Exception;
    }

    private static String row(String what, CpuMeter cpu, Measurement measurement) throws Exception {
        CpuMeter.Snapshot before = cpu.now();
        HttpLoad.Result r = measurement.run(cpu);
        String perRequest = cpu.perRequest(before, r.requests());
        return String.format(Locale.ROOT, "| %s | %,.0f queries/s (p50 %.1f ms, p99 %.1f ms, p99.9 %.1f ms, failed: %d%s)",
                what, r.perSecond(), r.percentile(0.5) / 1000.0, r.percentile(0.99) / 1000.0,
                r.percentile(0.999) / 1000.0, r.non202(), perRequest);
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (Exception e) {
            return "unknown";
        }
    }

    private static void log(String s) {
        System.err.println("[bench] " + s);
    }
}
