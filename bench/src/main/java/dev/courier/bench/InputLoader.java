package dev.courier.bench;

import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Loads a phase's input before it is measured, in large compressed batches; closing waits for every record and fails
 * if any was not written. Not idempotent, with one request in flight to keep each partition's order: against topics
 * created a moment before, an idempotent producer's burst was seen rejected with OutOfOrderSequenceException for
 * minutes on the embedded broker. How fast the input loads is not measured, so the single request costs nothing that
 * matters.
 */
public final class InputLoader implements AutoCloseable {

    private final KafkaProducer<String, byte[]> producer;
    private final AtomicLong failed = new AtomicLong();
    private volatile Exception firstFailure;

    public InputLoader(String bootstrap) {
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false, ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1, ProducerConfig.LINGER_MS_CONFIG, 20,
                ProducerConfig.BATCH_SIZE_CONFIG, 512 * 1024, ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4"),
                new StringSerializer(), new ByteArraySerializer());
    }

    public void send(String topic, String key, byte[] value) {
        producer.send(new ProducerRecord<>(topic, key, value), (meta, e) -> {
            if (e != null && failed.getAndIncrement() == 0) {
                firstFailure = e;
            }
        });
    }

    @Override
    public void close() {
        producer.close();
        if (failed.get() > 0) {
            throw new IllegalStateException(failed.get() + " records of the benchmark's input were not written (the first: "
                    + firstFailure + "); the broker is overloaded or unreachable", firstFailure);
        }
    }
}
