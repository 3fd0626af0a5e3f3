package dev.courier.persistence.bench;

import com.zaxxer.hikari.HikariDataSource;
import dev.courier.events.ChatCreated;
import dev.courier.events.ChatType;
import dev.courier.events.EventCodec;
import dev.courier.events.EventLimits;
import dev.courier.events.MessageIds;
import dev.courier.events.MessageSent;
import dev.courier.events.Topics;
import dev.courier.migrations.MigrationSettings;
import dev.courier.migrations.Migrator;
import dev.courier.persistence.DatabasePool;
import dev.courier.persistence.Sink;
import dev.courier.persistence.SinkRebuild;
import dev.courier.persistence.SinkSettings;
import dev.courier.testkit.PostgresTestDatabase;
import dev.courier.testkit.TestKafka;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.postgresql.PGConnection;

/**
 * Sink throughput into the real schema (GIN full-text index included) next to raw COPY of the same rows into
 * copies of the messages table, in the same run. Not a test: run it by hand (see docs in the module's report).
 *
 * <p>Throughput: {@code messages} sequenced MessageSent records (over 1,000 chats, each created first) are pre-loaded
 * into chat-log; raw COPY of the same rows (one stream, then two in parallel, each one transaction) goes into fresh
 * copies of messages with the same definition (indexes incl. the GIN full-text index, checks, the deferred foreign
 * key to a copy of chats), measured before and after the sink; the sink then reads the topic into the real schema.
 * Every figure includes merging the GIN pending list left at its end (gin_clean_pending_list). The ratio is against
 * the best of the four COPY figures (conservative under a changing machine load).
 *
 * <p>Latency: with the sink caught up, chat-log messages are produced at a steady 1,000/s, acceptedAt stamped at send
 * time; p50/p99 of {@code persisted_at - accepted_at} are computed in SQL ({@code persisted_at} defaults to
 * {@code now()}, the start of the sink's transaction, so the commit itself is not included).
 *
 * <p>Rebuild: then {@code courier rebuild}'s work ({@link SinkRebuild} with its default batch size) empties the
 * tables and reads the topics again into the same database; its rate includes the GIN clean-up like the others.
 *
 * <p>Args: {@code [messages=1000000] [partitions=3] [maxBatchRows=5000] [latencySeconds=30] [lingerMs=default]}
 * (latencySeconds 0 skips latency).
 */
public final class SinkBenchmark {

    private static final int CHATS = 1_000;
    private static final String[] WORDS = words();

    private SinkBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int partitions = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int batchRows = args.length > 2 ? Integer.parseInt(args[2]) : SinkSettings.DEFAULT_MAX_BATCH_ROWS;
        int latencySeconds = args.length > 3 ? Integer.parseInt(args[3]) : 30;
        java.time.Duration linger = args.length > 4 ? java.time.Duration.ofMillis(Long.parseLong(args[4])) : SinkSettings.DEFAULT_LINGER;
        EventCodec codec = new EventCodec(EventLimits.defaults());
        String prefix = "bench" + Long.toHexString(System.nanoTime()) + ".";
        Topics topics = new Topics(prefix, codec);
        String bootstrap = TestKafka.bootstrapServers();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            List<NewTopic> nt = new ArrayList<>();
            for (var t : List.of(topics.chatLog(), topics.receipts(), topics.unread(), topics.rejected())) {
                nt.add(new NewTopic(t.name(), partitions, (short) 1));
            }
            admin.createTopics(nt).all().get();
        }
        try (PostgresTestDatabase db = PostgresTestDatabase.create("SinkBenchmark")) {
            new Migrator(MigrationSettings.of(db.jdbcUrl(), db.user(), db.password())).up();
            List<MessageSent> messages = generate(n);
            preload(bootstrap, topics, codec, messages);
            copyTargets(db, messages);
            // Warm-up: a throw-away COPY (JIT, PostgreSQL caches), then one and two streams before and after the sink.
            copy(db, messages.subList(0, Math.min(messages.size(), 20_000)), 1, "warm");
            double one = copy(db, messages, 1, "1a");
            double two = copy(db, messages, 2, "2a");
            System.out.printf("raw COPY before the sink: 1 stream %.0f rows/s, 2 streams %.0f rows/s%n", one, two);

            HikariDataSource pool = DatabasePool.create(DatabasePool.Settings.of(db.jdbcUrl(), db.user(), db.password(), 4),
                    new SimpleMeterRegistry());
            SinkSettings settings = SinkSettings.defaults().withConsumerGroup(prefix + "sink").withBatching(batchRows, linger);
            long start = System.nanoTime();
            double wall;
            double pending;
            double[] latency = null;
            try (Sink sink = new Sink(settings, topics, Map.of("bootstrap.servers", bootstrap),
                    Map.of("bootstrap.servers", bootstrap), pool, new SimpleMeterRegistry())) {
                sink.start();
                awaitStored(db, prefix + "sink", topics.chatLog().name(), n + Math.min(CHATS, n), Long.MAX_VALUE);
                pending = cleanPendingList(db, "messages");
                wall = (System.nanoTime() - start) / 1e9;
                if (latencySeconds > 0) {
                    latency = latency(db, bootstrap, topics, codec, messages, latencySeconds, prefix + "sink",
                            n + Math.min(CHATS, n));
                }
            }
            pool.close();
            double span = seconds(db, "SELECT extract(epoch FROM max(persisted_at) - min(persisted_at)) FROM messages"
                    + " WHERE client_message_id LIKE 'b-%'");
            double rebuild = rebuild(db, topics, bootstrap, prefix + "sink"); // after the span: it writes persisted_at anew
            double oneAfter = copy(db, messages, 1, "1b");
            double twoAfter = copy(db, messages, 2, "2b");
            System.out.printf("raw COPY after the sink:  1 stream %.0f rows/s, 2 streams %.0f rows/s%n", oneAfter, twoAfter);
            double best = Math.max(Math.max(one, two), Math.max(oneAfter, twoAfter));
            double steady = n / (span + pending);
            System.out.printf("sink: %d messages in %.1f s from start() = %.0f rows/s; first to last commit %.1f s"
                    + " + GIN pending-list clean-up %.1f s = %.0f rows/s%n", n, wall, n / wall, span, pending, steady);
            System.out.printf("sink / best raw COPY (%.0f rows/s, best of the four): %.0f%% (first to last commit), "
                    + "%.0f%% (from start(), incl. the group join)%n", best, 100 * steady / best, 100 * (n / wall) / best);
            System.out.printf("rebuild: %.0f rows/s = %.0f%% of the sink (first to last commit), %.0f%% of the sink (from start()),"
                    + " %.0f%% of the best raw COPY%n", rebuild, 100 * rebuild / steady, 100 * rebuild / (n / wall), 100 * rebuild / best);
            if (latency != null) {
                System.out.printf("latency acceptedAt -> persisted_at at %d msgs/s for %d s (%d messages): p50 %.1f ms, "
                        + "p99 %.1f ms, max %.1f ms%n", RATE, latencySeconds, (long) latency[3], latency[0], latency[1], latency[2]);
            }
        }
        System.exit(0);
    }

    private static final int RATE = 1_000;

    /** Rows per second of {@code courier rebuild} over everything the sink stored (messages, chats, unread recompute). */
    private static double rebuild(PostgresTestDatabase db, Topics topics, String bootstrap, String group) throws SQLException {
        long rows = (long) seconds(db, "SELECT count(*) FROM messages");
        int lanes = Integer.getInteger("bench.rebuildLanes", SinkSettings.DEFAULT_WRITER_THREADS);
        SinkRebuild rebuild = new SinkRebuild(topics, Map.of("bootstrap.servers", bootstrap), db.dataSource(), group, 20_000,
                lanes);
        long start = System.nanoTime();
        Map<String, Double> done = new LinkedHashMap<>(); // topic -> seconds at its last batch
        rebuild.run(p -> done.put(p.topic(), (System.nanoTime() - start) / 1e9));
        double topicsDone = done.values().stream().mapToDouble(Double::doubleValue).max().orElse(0);
        double pending = cleanPendingList(db, "messages");
        double seconds = (System.nanoTime() - start) / 1e9;
        long after = (long) seconds(db, "SELECT count(*) FROM messages");
        if (after != rows) {
            throw new IllegalStateException("rebuild stored " + after + " messages, the sink " + rows);
        }
        System.out.printf("rebuild (%d lanes): %d messages in %.1f s (last batch per topic at %s s; after it, unread recompute"
                + " and GIN clean-up %.1f s, of which GIN %.1f s) = %.0f rows/s%n", lanes, rows, seconds, done, seconds - topicsDone, pending,
                rows / seconds);
        return rows / seconds;
    }

    /**
     * Produces chat-log messages at a steady {@link #RATE} per second for {@code seconds}, each stamped with acceptedAt at
     * send time, and returns p50, p99, max of persisted_at - accepted_at in ms (computed in SQL) and the count.
     */
    private static double[] latency(PostgresTestDatabase db, String bootstrap, Topics topics, EventCodec codec,
                                    List<MessageSent> preloaded, int seconds, String group, long preloadedRecords)
            throws Exception {
        int total = RATE * seconds;
        long nextSeq = preloaded.get(preloaded.size() - 1).seq() + 1;
        try (KafkaProducer<String, byte[]> p = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.LINGER_MS_CONFIG, 0,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class))) {
            String name = topics.chatLog().name();
            long begin = System.nanoTime();
            for (int i = 0; i < total; i++) {
                long due = begin + i * 1_000_000_000L / RATE;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
                MessageSent template = preloaded.get(i % CHATS);
                long seq = nextSeq + i / CHATS;
                String clientId = "lat-" + i;
                Instant now = Instant.now();
                MessageSent m = new MessageSent(template.chatId(), MessageIds.derive(template.chatId(), template.senderId(), clientId),
                        template.senderId(), clientId, template.content(), now, now, seq);
                p.send(new ProducerRecord<>(name, m.chatId().toString(), codec.encode(m)));
            }
        }
        awaitStored(db, group, topics.chatLog().name(), preloadedRecords + total, System.nanoTime() + 60_000_000_000L);
        try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("""
                SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY ms), percentile_cont(0.99) WITHIN GROUP (ORDER BY ms),
                       max(ms), count(*)
                  FROM (SELECT extract(epoch FROM persisted_at - accepted_at) * 1000 AS ms
                          FROM messages WHERE client_message_id LIKE 'lat-%') l""")) {
            rs.next();
            return new double[] {rs.getDouble(1), rs.getDouble(2), rs.getDouble(3), rs.getLong(4)};
        }
    }

    private static List<MessageSent> generate(int n) {
        Random random = new Random(42);
        List<UUID> chats = new ArrayList<>();
        for (int i = 0; i < CHATS; i++) {
            chats.add(new UUID(random.nextLong(), random.nextLong()));
        }
        UUID sender = UUID.randomUUID();
        Instant t = Instant.parse("2025-01-01T00:00:00Z");
        List<MessageSent> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            UUID chat = chats.get(i % CHATS);
            long seq = 2 + i / CHATS;
            StringBuilder content = new StringBuilder();
            int words = 6 + random.nextInt(14);
            for (int w = 0; w < words; w++) {
                content.append(w == 0 ? "" : " ").append(WORDS[random.nextInt(WORDS.length)]);
            }
            String clientId = "b-" + i;
            out.add(new MessageSent(chat, MessageIds.derive(chat, sender, clientId), sender, clientId, content.toString(),
                    t.plusMillis(i), t.plusMillis(i), seq));
        }
        return out;
    }

    private static void preload(String bootstrap, Topics topics, EventCodec codec, List<MessageSent> messages) {
        long start = System.nanoTime();
        try (KafkaProducer<String, byte[]> p = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.LINGER_MS_CONFIG, 20,
                ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024, ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class))) {
            String name = topics.chatLog().name();
            for (int i = 0; i < CHATS && i < messages.size(); i++) {
                UUID chat = messages.get(i).chatId();
                p.send(new ProducerRecord<>(name, chat.toString(), codec.encode(new ChatCreated(chat, ChatType.GROUP,
                        null, messages.get(i).senderId(), List.of(), messages.get(i).acceptedAt(), 1L))));
            }
            for (MessageSent m : messages) {
                p.send(new ProducerRecord<>(name, m.chatId().toString(), codec.encode(m)));
            }
        }
        System.out.printf("pre-loaded %d messages into %s in %.1f s%n", messages.size(), topics.chatLog().name(),
                (System.nanoTime() - start) / 1e9);
    }

    /**
     * The COPY targets: a copy of chats holding the benchmark's chats, so each messages copy carries the same definition
     * as messages (indexes incl. the GIN full-text index, checks, defaults and the deferred foreign key to chats).
     */
    private static void copyTargets(PostgresTestDatabase db, List<MessageSent> messages) throws Exception {
        exec(db, "CREATE TABLE chats_copy (LIKE chats INCLUDING ALL)");
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < CHATS && i < messages.size(); i++) {
            MessageSent m = messages.get(i);
            sb.append(m.chatId()).append("\tgroup\t").append(m.senderId()).append('\t').append(m.acceptedAt()).append('\n');
        }
        try (Connection c = db.connect()) {
            c.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY chats_copy (id, type, created_by, created_at) FROM STDIN",
                    new StringReader(sb.toString()));
        }
    }

    /** Rows/s of COPY into a fresh copy of messages with {@code streams} parallel COPYs (one transaction each). */
    private static double copy(PostgresTestDatabase db, List<MessageSent> messages, int streams, String tag) throws Exception {
        String table = "messages_copy_" + tag;
        exec(db, "CREATE TABLE " + table + " (LIKE messages INCLUDING ALL, FOREIGN KEY (chat_id) REFERENCES chats_copy (id)"
                + " DEFERRABLE INITIALLY DEFERRED)");
        List<String> chunks = new ArrayList<>();
        int per = (messages.size() + streams - 1) / streams;
        for (int s = 0; s < streams; s++) {
            StringBuilder sb = new StringBuilder();
            for (MessageSent m : messages.subList(s * per, Math.min(messages.size(), (s + 1) * per))) {
                sb.append(m.messageId()).append('\t').append(m.chatId()).append('\t').append(m.seq()).append('\t')
                        .append(m.senderId()).append('\t').append(m.clientMessageId()).append('\t').append(m.content())
                        .append('\t').append(m.sentAt()).append('\t').append(m.acceptedAt()).append('\n');
            }
            chunks.add(sb.toString());
        }
        ExecutorService pool = Executors.newFixedThreadPool(streams);
        long start = System.nanoTime();
        List<Future<Long>> done = new ArrayList<>();
        for (String chunk : chunks) {
            done.add(pool.submit(() -> {
                try (Connection c = db.connect()) {
                    return c.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY " + table
                            + " (id, chat_id, seq, sender_id, client_message_id, content, sent_at, accepted_at) FROM STDIN",
                            new StringReader(chunk));
                }
            }));
        }
        long rows = 0;
        for (Future<Long> f : done) {
            rows += f.get();
        }
        cleanPendingList(db, table);
        double seconds = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        exec(db, "DROP TABLE " + table);
        return rows / seconds;
    }

    /**
     * Merges what is left in the GIN index's pending list into the index, so a figure includes all of the index
     * maintenance its rows caused (a writer with a larger gin_pending_list_limit would otherwise leave more of it
     * behind); returns the seconds it took.
     */
    private static double cleanPendingList(PostgresTestDatabase db, String table) throws SQLException {
        long start = System.nanoTime();
        try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT gin_clean_pending_list(indexrelid::regclass) FROM pg_index i JOIN pg_class x ON x.oid = i.indexrelid"
                        + " JOIN pg_am a ON a.oid = x.relam WHERE a.amname = 'gin' AND i.indrelid = '" + table + "'::regclass")) {
            while (rs.next()) {
                rs.getLong(1);
            }
        }
        return (System.nanoTime() - start) / 1e9;
    }

    /**
     * Waits until the sink has stored {@code records} chat-log offsets (the pre-load's producer is not transactional,
     * so offsets count records), asking over one connection. Polling {@code count(*)} over the growing messages table
     * on a new connection each time took a large share of the CPU the sink was being measured with.
     */
    private static void awaitStored(PostgresTestDatabase db, String group, String topic, long records, long deadline)
            throws Exception {
        try (Connection c = db.connect(); PreparedStatement ps = c.prepareStatement(
                "SELECT coalesce(sum(next_offset), 0) FROM sink_offsets WHERE consumer_group = ? AND topic = ?")) {
            ps.setString(1, group);
            ps.setString(2, topic);
            while (System.nanoTime() < deadline) {
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    if (rs.getLong(1) >= records) {
                        return;
                    }
                }
                Thread.sleep(50);
            }
        }
    }

    private static double seconds(PostgresTestDatabase db, String sql) throws SQLException {
        try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getDouble(1);
        }
    }

    private static void exec(PostgresTestDatabase db, String sql) throws SQLException {
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static String[] words() {
        Random r = new Random(7);
        String[] w = new String[5_000];
        for (int i = 0; i < w.length; i++) {
            int len = 2 + r.nextInt(9);
            StringBuilder sb = new StringBuilder();
            for (int j = 0; j < len; j++) {
                sb.append((char) ('a' + r.nextInt(26)));
            }
            w[i] = sb.toString();
        }
        return w;
    }

}
