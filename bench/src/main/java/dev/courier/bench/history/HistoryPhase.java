package dev.courier.bench.history;

import com.zaxxer.hikari.HikariDataSource;
import dev.courier.bench.BenchDatabase;
import dev.courier.bench.BenchEnvironment;
import dev.courier.bench.BenchPhase;
import dev.courier.bench.BenchTopics;
import dev.courier.bench.ClosedLoop;
import dev.courier.bench.CpuClock;
import dev.courier.bench.Distribution;
import dev.courier.bench.Figure;
import dev.courier.bench.PhaseResult;
import dev.courier.bench.http.HttpConnection;
import dev.courier.ingest.ApiKeys;
import dev.courier.ingest.IngestServer;
import dev.courier.ingest.IngestSettings;
import dev.courier.ingest.read.ReadApi;
import dev.courier.persistence.DatabasePool;
import dev.courier.persistence.HistoryQuery;
import dev.courier.persistence.HistoryRepository;
import dev.courier.persistence.internal.dialect.ReadStatements;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.Callable;

/**
 * The history read, {@code GET /v1/chats/{id}/messages?before=&limit=50} (a random chat, a random {@code before} that
 * always gives a full page), through the HTTP API and through {@link HistoryRepository} alone, against the same SQL
 * over raw JDBC (as many connections as the pool has, the statement prepared once, every column read as its type),
 * on a database loaded with the real schema, its full-text index included.
 */
public final class HistoryPhase implements BenchPhase {

    private static final String KEY = "bench-read-key";
    private static final int DEFAULT_MESSAGES = 200_000;
    private static final int DEFAULT_SECONDS = 10;
    private static final int CHATS = 100;
    private static final int LIMIT = 50;
    private static final int CLIENTS = 16;
    private static final int POOL = 8;
    private static final int REQUESTS = 16_384;

    @Override
    public String name() {
        return "history";
    }

    @Override
    public String description() {
        return "history pages over HTTP and through the repository against the same SQL over raw JDBC";
    }

    @Override
    public PhaseResult run(BenchEnvironment env) throws Exception {
        long started = System.nanoTime();
        int perChat = Math.max(LIMIT + 1, env.options().messages(DEFAULT_MESSAGES) / CHATS);
        int seconds = env.options().seconds(DEFAULT_SECONDS);
        int warmup = Math.max(1, seconds / 3);
        int[] chatOf = new int[REQUESTS];
        long[] befores = new long[REQUESTS];
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < REQUESTS; i++) {
            chatOf[i] = random.nextInt(CHATS);
            befores[i] = LIMIT + 1 + random.nextInt(perChat - LIMIT + 1); // 51..perChat+1: always a full page
        }
        CpuClock cpu = new CpuClock();
        try (BenchTopics bench = BenchTopics.create(env.bootstrap(), name(), 1);
             BenchDatabase db = env.createDatabase(name())) {
            env.progress().accept(String.format(Locale.ROOT, "loading %,d messages (%d chats)", (long) CHATS * perChat, CHATS));
            load(db, perChat);

            // As many connections as the pool has: more backends than that on a small machine only contend for its cores.
            Measured raw = measure(env, "raw JDBC", POOL, cpu, warmup, seconds, () -> {
                Connection c = db.connect();
                PreparedStatement ps = c.prepareStatement(ReadStatements.HISTORY_NEWEST_FIRST);
                return new ClosedLoop.Client() {
                    @Override
                    public boolean request(int i) throws SQLException {
                        return fullPage(ps, chatOf[i % REQUESTS], befores[i % REQUESTS]);
                    }

                    @Override
                    public void close() throws SQLException {
                        c.close();
                    }
                };
            });

            try (HikariDataSource pool = DatabasePool.create(DatabasePool.Settings.of(db.jdbcUrl(), db.user(), db.password(), POOL),
                    new PrometheusMeterRegistry(PrometheusConfig.DEFAULT))) {
                HistoryRepository history = new HistoryRepository(pool);
                Measured repository = measure(env, "HistoryRepository.page", CLIENTS, cpu, warmup, seconds, () -> i ->
                        history.page(HistoryQuery.of(chat(chatOf[i % REQUESTS]), befores[i % REQUESTS], null, (long) LIMIT))
                                .messages().size() == LIMIT);

                IngestServer server = new IngestServer(IngestSettings.defaults(ApiKeys.parse(KEY + ":read"))
                        .withHost("127.0.0.1").withPort(0), bench.topics(), Map.of("bootstrap.servers", env.bootstrap()),
                        new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), Optional.of(new ReadApi(pool)));
                server.start();
                Measured http;
                try {
                    http = measure(env, "GET over HTTP", CLIENTS, cpu, warmup, seconds, () -> HttpConnection.client(server.port(),
                            i -> HttpConnection.get("/v1/chats/" + chat(chatOf[i % REQUESTS]) + "/messages?before="
                                    + befores[i % REQUESTS] + "&limit=" + LIMIT, KEY), 200));
                } finally {
                    server.stop();
                }
                String reference = "raw JDBC, same SQL";
                List<Figure> figures = List.of(
                        http.figure("history page over HTTP", seconds, reference, raw),
                        repository.figure("HistoryRepository.page", seconds, reference, raw));
                List<String> notes = List.of(
                        String.format(Locale.ROOT, "%,d messages in %d chats; pages of %d; closed loops of %d s each after %d s "
                                + "of warm-up: HTTP and the repository %d clients over a HikariCP pool of %d, raw JDBC %d clients "
                                + "with a connection each", (long) CHATS * perChat, CHATS, LIMIT, seconds, warmup, CLIENTS, POOL, POOL),
                        String.format(Locale.ROOT, "raw JDBC: %,.0f pages/s, %.0f µs CPU per page (the JVM only: PostgreSQL's "
                                + "backends are not counted, for any row); HTTP includes its load generator, in this JVM",
                                raw.loop.succeeded() / (double) seconds, raw.cpuMicrosPerRequest()),
                        String.format(Locale.ROOT, "requests not answered with a full page: JDBC %d, repository %d, HTTP %d",
                                raw.loop.failed(), repository.loop.failed(), http.loop.failed()));
                return new PhaseResult(name(), (System.nanoTime() - started) / 1e9, figures, List.of(
                        Distribution.of("history page over HTTP", http.loop.nanos()),
                        Distribution.of("history page, raw JDBC", raw.loop.nanos())), notes);
            }
        }
    }

    private record Measured(ClosedLoop loop, long cpuNanos) {

        double cpuMicrosPerRequest() {
            return cpuNanos / 1e3 / Math.max(1, loop.succeeded());
        }

        Figure figure(String name, int seconds, String reference, Measured raw) {
            return new Figure(name, loop.succeeded() / (double) seconds, "pages/s", reference,
                    raw.loop.succeeded() / (double) seconds, cpuMicrosPerRequest());
        }
    }

    private static Measured measure(BenchEnvironment env, String what, int clients, CpuClock cpu, int warmup, int seconds,
                                    Callable<ClosedLoop.Client> client) throws Exception {
        env.progress().accept(String.format(Locale.ROOT, "%s, %d clients: %d s (after a warm-up of %d s)", what, clients,
                seconds, warmup));
        ClosedLoop.run(clients, warmup, client);
        long before = cpu.nanos();
        ClosedLoop loop = ClosedLoop.run(clients, seconds, client);
        return new Measured(loop, cpu.nanos() - before);
    }

    private static boolean fullPage(PreparedStatement ps, int chat, long before) throws SQLException {
        ps.setObject(1, chat(chat));
        ps.setLong(2, before);
        ps.setLong(3, 0);
        ps.setInt(4, LIMIT + 1); // as HistoryRepository asks: one more tells whether an older page exists
        int rows = 0;
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) { // every column, each as its type, as any client of the table reads them
                rs.getObject(1, UUID.class);
                rs.getObject(2, UUID.class);
                rs.getLong(3);
                rs.getObject(4, UUID.class);
                rs.getString(5);
                rs.getString(6);
                rs.getObject(7, OffsetDateTime.class);
                rs.getObject(8, OffsetDateTime.class);
                rs.getObject(9, OffsetDateTime.class);
                rows++;
            }
        }
        return rows >= LIMIT;
    }

    /** The chats, then their messages in one INSERT ... SELECT (~110-byte contents, 5 senders a chat), then ANALYZE. */
    private static void load(BenchDatabase db, int perChat) throws Exception {
        try (Connection c = db.connect()) {
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO chats (id, type, title, created_by, latest_seq)
                    SELECT ('00000000-0000-4000-8000-' || lpad(to_hex(n), 12, '0'))::uuid, 'group', 'chat ' || n,
                           md5('sender' || n)::uuid, ?
                      FROM generate_series(0, ? - 1) n""")) {
                ps.setLong(1, perChat);
                ps.setInt(2, CHATS);
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

    private static UUID chat(int n) {
        return UUID.fromString(String.format(Locale.ROOT, "00000000-0000-4000-8000-%012x", n));
    }
}
