package dev.courier.persistence;

import dev.courier.events.CourierEvent;
import dev.courier.events.Decoded;
import dev.courier.events.Topic;
import dev.courier.events.Topics;
import dev.courier.persistence.internal.batch.Batch;
import dev.courier.persistence.internal.batch.SinkRecord;
import dev.courier.persistence.internal.loop.KafkaRejectSink;
import dev.courier.persistence.internal.write.BatchWriter;
import dev.courier.persistence.internal.write.WriteResult;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Writes records of the sink's topics again, through the sink's own writer: rows PostgreSQL refused once the
 * operator fixed the cause ({@code courier dlq replay}), or one chat's history ({@code courier replay --chat}). The same
 * statements, upserts included, so a row already there changes nothing. What is refused is reported to
 * {@code rejected} and {@code sink_rejects} (under this tool's group). Offsets are not touched: the running sink's
 * position stays its own.
 */
public final class RecordReapplier implements AutoCloseable {

    /** A record of chat-log, receipts or unread: where it was read and its value as it was. */
    public record Logged(String topic, int partition, long offset, String key, String rawValue) {
    }

    /** How many were written, and how many were refused. */
    public record Outcome(int written, int refusedAgain) {
    }

    private final Topics topics;
    private final KafkaProducer<String, byte[]> producer;
    private final BatchWriter writer;

    public RecordReapplier(Topics topics, Map<String, Object> producerProperties, DataSource dataSource, String group) {
        this.topics = topics;
        Map<String, Object> p = new HashMap<>(producerProperties);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        this.producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
        this.writer = new BatchWriter(dataSource, group, new KafkaRejectSink(producer, topics.rejected(), producerProperties),
                Clock.systemUTC(), () -> { });
    }

    /** Writes {@code records} in one transaction; throws only when the database cannot be reached. */
    public Outcome reapply(List<Logged> records) throws SQLException {
        List<SinkRecord> sinkRecords = new ArrayList<>();
        for (Logged r : records) {
            Topic<?> topic = topics.all().stream().filter(t -> t.name().equals(r.topic())).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException(r.topic() + " is not one of the sink's topics"));
            byte[] raw = r.rawValue() == null ? null : r.rawValue().getBytes(StandardCharsets.UTF_8);
            Decoded<? extends CourierEvent> value = topic.decodedSerde().deserializer().deserialize(r.topic(), raw);
            sinkRecords.add(new SinkRecord(new TopicPartition(r.topic(), r.partition()), r.offset(), r.key(), raw, value));
        }
        WriteResult result = writer.write(new Batch(sinkRecords, Map.of(), Map.of()));
        return new Outcome(sinkRecords.size() - result.rejections().size(), result.rejections().size());
    }

    @Override
    public void close() {
        producer.close();
    }
}
