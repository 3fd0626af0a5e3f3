package dev.courier.bench.sink;

import dev.courier.bench.BenchDatabase;
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
import dev.courier.persistence.DatabasePool;
import dev.courier.persistence.Sink;
import dev.courier.persistence.SinkSettings;
import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.postgresql.PGConnection;

/**
 * The sink writing pre-loaded sequenced messages from {@code chat-log} into PostgreSQL, against a raw COPY of the same
 * rows into a table of the same definition (every index, the GIN full-text one included, checks and the foreign key),
 * measured before and after the sink; the better COPY is the reference. Both include merging the GIN pending list.
 */
public final class SinkPhase implements BenchPhase {

    private static final int DEFAULT_MESSAGES = 200_000;
    private static final int CHATS = 1_000;
    private static final int PARTITIONS = 3;
    private static final String[] WORDS = ("the a message chat hello world meeting tomorrow lunch coffee deploy kafka "
            + "postgres review ticket release weekend photo call later thanks sure maybe tonight morning plan").split(" ");

    @Override
    public String name() {
        return "sink";
    }

    @Override
    public String description() {
        return "sink rows/s into PostgreSQL against a raw COPY of the same rows into a same-shaped table";
    }

    @Override
    public PhaseResult run(BenchEnvironment env) throws Exception {
        long started = System.nanoTime();
        int n = env.options().messages(DEFAULT_MESSAGES);
        CpuClock cpu = new CpuClock();
        try (BenchTopics bench = BenchTopics.create(env.bootstrap(), name(), PARTITIONS);
             BenchDatabase db = env.createDatabase(name())) {
            List<MessageSent> messages = generate(n);
            env.progress().accept(String.format(Locale.ROOT, "pre-loading %,d messages into %s", n, bench.topics().chatLog().name()));
            preload(env.bootstrap(), bench.topics(), messages);
            db.execute("CREATE TABLE chats_copy (LIKE chats INCLUDING ALL)");
            StringBuilder chats = new StringBuilder();
            for (int i = 0; i < Math.min(CHATS, n); i++) {
                MessageSent m = messages.get(i);
                chats.append(m.chatId()).append("\tgroup\t").append(m.senderId()).append('\t').append(m.acceptedAt()).append('\n');
            }
            copyIn(db, "COPY chats_copy (id, type, created_by, created_at) FROM STDIN", chats.toString());
            String rows = rows(messages);
            env.progress().accept("raw COPY (a warm-up, then the measured one)");
            copy(db, rows(messages.subList(0, Math.min(n, 20_000))), "warm");
            long copyCpu = cpu.nanos();
            double copyBefore = copy(db, rows, "before");
            copyCpu = cpu.nanos() - copyCpu;

            env.progress().accept(String.format(Locale.ROOT, "sink: %,d messages", n));
            double sinkRate;
            long sinkCpu;
            try (HikariDataSource pool = DatabasePool.create(DatabasePool.Settings.of(db.jdbcUrl(), db.user(), db.password(), 4),
                    new SimpleMeterRegistry())) {
                SinkSettings settings = SinkSettings.defaults().withConsumerGroup(bench.prefix() + "sink");
                Map<String, Object> kafka = Map.of("bootstrap.servers", env.bootstrap());
                long t0 = System.nanoTime();
                sinkCpu = cpu.nanos();
                try (Sink sink = new Sink(settings, bench.topics(), kafka, kafka, pool, new SimpleMeterRegistry())) {
                    sink.start();
                    db.awaitCount("SELECT count(*) FROM messages", n, Duration.ofMinutes(10),
                            "the sink did not store " + n + " messages");
                    cleanPendingList(db, "messages");
                    sinkRate = n / ((System.nanoTime() - t0) / 1e9);
                    sinkCpu = cpu.nanos() - sinkCpu;
                }
            }
            env.progress().accept("raw COPY again, after the sink");
            double copyAfter = copy(db, rows, "after");
            double reference = Math.max(copyBefore, copyAfter);
            List<Figure> figures = List.of(new Figure("sink into messages", sinkRate, "rows/s", "raw COPY, 1 stream",
                    reference, sinkCpu / 1e3 / n));
            List<String> notes = List.of(
                    String.format(Locale.ROOT, "%,d messages over %,d chats, %d partitions; the sink timed from start() "
                            + "(group join included) to its last row, GIN pending list merged", n, Math.min(CHATS, n), PARTITIONS),
                    String.format(Locale.ROOT, "raw COPY before the sink %,.0f rows/s, after it %,.0f rows/s; COPY CPU %.1f µs per row "
                            + "(the JVM only: PostgreSQL's backends are not counted, for either)", copyBefore, copyAfter, copyCpu / 1e3 / n),
                    "sink: " + SinkSettings.DEFAULT_WRITER_THREADS + " writer lanes, batches of up to "
                            + SinkSettings.DEFAULT_MAX_BATCH_ROWS + " rows");
            return new PhaseResult(name(), (System.nanoTime() - started) / 1e9, figures, List.of(), notes);
        }
    }

    private static List<MessageSent> generate(int n) {
        Random random = new Random(42);
        List<UUID> chats = new ArrayList<>();
        for (int i = 0; i < CHATS; i++) {
            chats.add(new UUID(random.nextLong(), random.nextLong()));
        }
        UUID sender = UUID.randomUUID();
        Instant t = Instant.now().minusSeconds(3_600);
        List<MessageSent> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            UUID chat = chats.get(i % CHATS);
            StringBuilder content = new StringBuilder();
            for (int w = 6 + random.nextInt(14); w > 0; w--) {
                content.append(WORDS[random.nextInt(WORDS.length)]).append(w > 1 ? " " : "");
            }
            String clientId = "b-" + i;
            out.add(new MessageSent(chat, MessageIds.derive(chat, sender, clientId), sender, clientId, content.toString(),
                    t.plusMillis(i), t.plusMillis(i), 2L + i / CHATS));
        }
        return out;
    }

    private static void preload(String bootstrap, Topics topics, List<MessageSent> messages) {
        try (InputLoader p = new InputLoader(bootstrap)) {
            String name = topics.chatLog().name();
            for (int i = 0; i < CHATS && i < messages.size(); i++) {
                MessageSent m = messages.get(i);
                p.send(name, m.chatId().toString(), BenchTopics.CODEC.encode(new ChatCreated(m.chatId(),
                        ChatType.GROUP, null, m.senderId(), List.of(), m.acceptedAt(), 1L)));
            }
            for (MessageSent m : messages) {
                p.send(name, m.chatId().toString(), BenchTopics.CODEC.encode(m));
            }
        }
    }

    private static String rows(List<MessageSent> messages) {
        StringBuilder sb = new StringBuilder();
        for (MessageSent m : messages) {
            sb.append(m.messageId()).append('\t').append(m.chatId()).append('\t').append(m.seq()).append('\t')
                    .append(m.senderId()).append('\t').append(m.clientMessageId()).append('\t').append(m.content())
                    .append('\t').append(m.sentAt()).append('\t').append(m.acceptedAt()).append('\n');
        }
        return sb.toString();
    }

    /** Rows/s of one COPY into a fresh table shaped like messages, its GIN pending list merged, then dropped. */
    private static double copy(BenchDatabase db, String rows, String tag) throws Exception {
        String table = "messages_copy_" + tag;
        db.execute("CREATE TABLE " + table + " (LIKE messages INCLUDING ALL, FOREIGN KEY (chat_id) REFERENCES chats_copy (id)"
                + " DEFERRABLE INITIALLY DEFERRED)");
        long start = System.nanoTime();
        long n = copyIn(db, "COPY " + table
                + " (id, chat_id, seq, sender_id, client_message_id, content, sent_at, accepted_at) FROM STDIN", rows);
        cleanPendingList(db, table);
        double seconds = (System.nanoTime() - start) / 1e9;
        db.execute("DROP TABLE " + table);
        return n / seconds;
    }

    private static long copyIn(BenchDatabase db, String sql, String rows) throws Exception {
        try (Connection c = db.connect()) {
            return c.unwrap(PGConnection.class).getCopyAPI().copyIn(sql, new StringReader(rows));
        }
    }

    private static void cleanPendingList(BenchDatabase db, String table) throws SQLException {
        try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT gin_clean_pending_list(indexrelid::regclass) FROM pg_index i JOIN pg_class x ON x.oid = i.indexrelid"
                        + " JOIN pg_am a ON a.oid = x.relam WHERE a.amname = 'gin' AND i.indrelid = '" + table + "'::regclass")) {
            while (rs.next()) {
                rs.getLong(1);
            }
        }
    }
}
