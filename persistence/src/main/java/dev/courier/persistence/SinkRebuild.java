package dev.courier.persistence;

import dev.courier.events.CourierEvent;
import dev.courier.events.Decoded;
import dev.courier.events.Topic;
import dev.courier.events.Topics;
import dev.courier.persistence.internal.batch.Batch;
import dev.courier.persistence.internal.batch.SinkRecord;
import dev.courier.persistence.internal.dialect.SinkStatements;
import dev.courier.persistence.internal.loop.KafkaRejectSink;
import dev.courier.persistence.internal.write.BatchWriter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Rebuilds the tables the pipeline derives from its topics: empties them and the sink group's offsets in one
 * transaction, then reads chat-log, receipts and unread from their earliest offsets through the sink's own writer, in
 * large batches, storing the sink group's offsets as it goes (the sink continues from where the rebuild ended).
 * Finally it recomputes, by invariant 5's definition, the unread counts whose records the unread topic's time
 * retention has deleted. The sink must be stopped (the caller checks its group has no member).
 */
public final class SinkRebuild {

    /**
     * Progress of one topic: offsets read of those to read (transaction markers take offsets too), records written,
     * and the rate.
     */
    public record Progress(String topic, long offsetsRead, long offsetsTotal, long records, double recordsPerSecond) {
    }

    private final Topics topics;
    private final Map<String, Object> clientProperties;
    private final DataSource dataSource;
    private final String group;
    private final int batchRows;
    private final int lanes;

    /**
     * @param batchRows records per transaction
     * @param lanes     parallel readers and writers per topic (as the sink's writer threads), each for the partitions
     *                  whose number is its index modulo the count; the data source must offer as many connections
     */
    public SinkRebuild(Topics topics, Map<String, Object> clientProperties, DataSource dataSource, String group, int batchRows,
                       int lanes) {
        if (batchRows < 1 || lanes < 1) {
            throw new IllegalArgumentException("batchRows and lanes must be positive, were " + batchRows + " and " + lanes);
        }
        this.topics = topics;
        this.clientProperties = Map.copyOf(clientProperties);
        this.dataSource = dataSource;
        this.group = group;
        this.batchRows = batchRows;
        this.lanes = lanes;
    }

    /** Rows in tables that reference messages and are not rebuilt from the log (attachments, reactions). */
    public long rowsReferencingMessages() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(SinkStatements.COUNT_REFERENCING_MESSAGES)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    public void run(Consumer<Progress> progress) throws SQLException {
        empty();
        Map<String, Object> p = new HashMap<>(clientProperties);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
            // One writer for every lane, as the sink's lanes share theirs: each write takes its own connection.
            BatchWriter writer = new BatchWriter(dataSource, group, new KafkaRejectSink(producer, topics.rejected(), clientProperties),
                    Clock.systemUTC(), () -> { });
            for (Topic<?> topic : List.of(topics.chatLog(), topics.receipts(), topics.unread())) {
                load(topic, writer, progress);
            }
        }
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate(SinkStatements.RECOMPUTE_MISSING_UNREAD);
        }
    }

    private void empty() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute(SinkStatements.EMPTY_FOR_REBUILD);
            }
            for (String sql : List.of(SinkStatements.FORGET_GROUP_OFFSETS, SinkStatements.FORGET_GROUP_REJECTS)) {
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    ps.setString(1, group);
                    ps.executeUpdate();
                }
            }
            c.commit();
        }
    }

    /**
     * Reads {@code topic} from the beginning to its end as of now, writing batches of up to {@code batchRows}. The
     * partitions are split into lanes by partition number, as the sink's writer lanes are: each lane reads its
     * partitions with its own consumer and writes them in transactions of its own, so decoding and PostgreSQL's work run
     * in parallel. A chat's records are in one partition, so lanes never write the same chat.
     */
    private void load(Topic<?> topic, BatchWriter writer, Consumer<Progress> progress) throws SQLException {
        List<TopicPartition> parts;
        Map<TopicPartition, Long> begin;
        Map<TopicPartition, Long> end;
        try (KafkaConsumer<String, byte[]> consumer = consumer(batchRows)) {
            parts = consumer.partitionsFor(topic.name(), Duration.ofSeconds(30)).stream()
                    .map(i -> new TopicPartition(i.topic(), i.partition())).toList();
            begin = consumer.beginningOffsets(parts);
            end = consumer.endOffsets(parts);
        }
        long total = parts.stream().mapToLong(tp -> end.get(tp) - begin.get(tp)).sum();
        Map<TopicPartition, Long> epochs = claim(parts);
        TopicProgress shared = new TopicProgress(topic.name(), total, progress);
        int laneCount = Math.min(lanes, parts.size());
        ExecutorService pool = Executors.newFixedThreadPool(laneCount, r -> new Thread(r, "courier-rebuild-" + topic.name()));
        try {
            List<Future<Void>> running = new ArrayList<>();
            for (int lane = 0; lane < laneCount; lane++) {
                int l = lane;
                List<TopicPartition> mine = parts.stream().filter(tp -> tp.partition() % laneCount == l).toList();
                running.add(pool.submit(() -> {
                    loadLane(topic, mine, begin, end, epochs, writer, shared);
                    return null;
                }));
            }
            for (Future<Void> f : running) {
                await(f);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private void loadLane(Topic<?> topic, List<TopicPartition> parts, Map<TopicPartition, Long> begin,
                          Map<TopicPartition, Long> end, Map<TopicPartition, Long> epochs, BatchWriter writer,
                          TopicProgress progress) throws SQLException {
        Deserializer<? extends Decoded<? extends CourierEvent>> decoder = topic.decodedSerde().deserializer();
        try (KafkaConsumer<String, byte[]> consumer = consumer(batchRows)) {
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            Map<TopicPartition, Long> read = new HashMap<>();
            List<SinkRecord> batch = new ArrayList<>(batchRows);
            while (parts.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    if (r.offset() >= end.get(new TopicPartition(r.topic(), r.partition()))) {
                        continue;
                    }
                    Decoded<? extends CourierEvent> value = decoder.deserialize(r.topic(), r.value());
                    batch.add(new SinkRecord(new TopicPartition(r.topic(), r.partition()), r.offset(), r.key(), r.value(), value));
                }
                boolean done = parts.stream().allMatch(tp -> consumer.position(tp) >= end.get(tp));
                if (batch.size() >= batchRows || (!batch.isEmpty() && done)) {
                    Map<TopicPartition, Long> positions = new HashMap<>();
                    parts.forEach(tp -> positions.put(tp, consumer.position(tp)));
                    writer.write(Batch.of(batch).owned(positions, epochs));
                    long offsets = 0;
                    for (TopicPartition tp : parts) {
                        long now = Math.min(positions.get(tp), end.get(tp)) - begin.get(tp);
                        offsets += now - read.getOrDefault(tp, 0L);
                        read.put(tp, now);
                    }
                    progress.add(offsets, batch.size());
                    batch.clear();
                }
            }
        }
    }

    private KafkaConsumer<String, byte[]> consumer(int maxPollRecords) {
        Map<String, Object> c = new HashMap<>(clientProperties);
        c.remove(ConsumerConfig.GROUP_ID_CONFIG);
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Math.min(maxPollRecords, 10_000));
        c.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 32 * 1024 * 1024);
        return new KafkaConsumer<>(c, new StringDeserializer(), new ByteArrayDeserializer());
    }

    private static void await(Future<Void> f) throws SQLException {
        try {
            f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while rebuilding", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SQLException sql) {
                throw sql;
            }
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /** One topic's progress summed over its lanes, reported one lane at a time. */
    private static final class TopicProgress {
        private final String topic;
        private final long total;
        private final Consumer<Progress> listener;
        private final long started = System.nanoTime();
        private long offsets;
        private long records;

        TopicProgress(String topic, long total, Consumer<Progress> listener) {
            this.topic = topic;
            this.total = total;
            this.listener = listener;
        }

        synchronized void add(long moreOffsets, long moreRecords) {
            offsets += moreOffsets;
            records += moreRecords;
            double seconds = (System.nanoTime() - started) / 1e9;
            listener.accept(new Progress(topic, offsets, total, records, records / Math.max(seconds, 1e-3)));
        }
    }

    /** Owner epochs for the sink group's partitions, as an assigned sink instance takes them. */
    private Map<TopicPartition, Long> claim(List<TopicPartition> parts) throws SQLException {
        Map<TopicPartition, Long> out = new HashMap<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(SinkStatements.CLAIM_OFFSETS)) {
            ps.setString(1, group);
            ps.setArray(2, c.createArrayOf("text", parts.stream().map(TopicPartition::topic).toArray()));
            ps.setArray(3, c.createArrayOf("int4", parts.stream().map(TopicPartition::partition).toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(new TopicPartition(rs.getString(1), rs.getInt(2)), rs.getLong(4));
                }
            }
        }
        return out;
    }
}
