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
 * Writes records the sink refused (rows PostgreSQL would not store) again, through the sink's own writer, once an
 * operator fixed the cause: the same statements, upserts included, so a row already there changes nothing. What is
 * still refused is reported to {@code rejected} and {@code sink_rejects} again (under this tool's group). Offsets are
 * not touched: the running sink's position stays its own.
 */
public final class RefusedRowReapplier implements AutoCloseable {

    /** A refused record: where it was read and its value as it was. */
    public record Refused(String topic, int partition, long offset, String key, String rawValue) {
    }

    /** How many were written, and how many were refused again. */
    public record Outcome(int written, int refusedAgain) {
    }

    private final Topics topics;
    private final KafkaProducer<String, byte[]> producer;
    private final BatchWriter writer;

    public RefusedRowReapplier(Topics topics, Map<String, Object> producerProperties, DataSource dataSource, String group) {
        this.topics = topics;
        Map<String, Object> p = new HashMap<>(producerProperties);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        this.producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
        this.writer = new BatchWriter(dataSource, group, new KafkaRejectSink(producer, topics.rejected(), producerProperties),
                Clock.systemUTC(), () -> { });
    }

    /** Writes {@code refused} in one transaction; throws only when the database cannot be reached. */
    public Outcome reapply(List<Refused> refused) throws SQLException {
        List<SinkRecord> records = new ArrayList<>();
        for (Refused r : refused) {
            Topic<?> topic = topics.all().stream().filter(t -> t.name().equals(r.topic())).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException(r.topic() + " is not one of the sink's topics"));
            byte[] raw = r.rawValue() == null ? null : r.rawValue().getBytes(StandardCharsets.UTF_8);
            Decoded<? extends CourierEvent> value = topic.decodedSerde().deserializer().deserialize(r.topic(), raw);
            records.add(new SinkRecord(new TopicPartition(r.topic(), r.partition()), r.offset(), r.key(), raw, value));
        }
        WriteResult result = writer.write(new Batch(records, Map.of(), Map.of()));
        return new Outcome(records.size() - result.rejections().size(), result.rejections().size());
    }

    @Override
    public void close() {
        producer.close();
    }
}
