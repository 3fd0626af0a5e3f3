package dev.courier.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(KafkaExtension.class)
class EmbeddedKafkaIT {

    @Test
    @DisplayName("an idempotent acks=all producer's records reach a group consumer in order")
    void producesAndConsumes(KafkaTestContext kafka) throws Exception {
        String topic = kafka.createTopics(3, "plain").get(0);

        try (KafkaProducer<String, String> producer = new KafkaProducer<>(kafka.producerProps())) {
            for (int i = 0; i < 10; i++) {
                producer.send(new ProducerRecord<>(topic, "chat-1", "m" + i)).get();
            }
        }

        assertThat(values(consumeUntil(kafka, topic, "plain-reader", 10)))
                .containsExactly("m0", "m1", "m2", "m3", "m4", "m5", "m6", "m7", "m8", "m9");
    }

    @Test
    @DisplayName("a read_committed consumer sees committed transactions only")
    void transactions(KafkaTestContext kafka) {
        String topic = kafka.createTopics(1, "tx").get(0);

        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(kafka.transactionalProducerProps("tx-writer"))) {
            producer.initTransactions();
            inTransaction(producer, topic, "committed-1", "committed-2").commitTransaction();
            inTransaction(producer, topic, "aborted-1", "aborted-2").abortTransaction();
            inTransaction(producer, topic, "committed-3").commitTransaction();
        }

        // The last committed record lies after the aborted ones: once it is read, the aborted would have been too.
        assertThat(values(consumeUntil(kafka, topic, "committed-reader", 3)))
                .containsExactly("committed-1", "committed-2", "committed-3");

        Map<String, Object> uncommitted = kafka.consumerProps("uncommitted-reader");
        uncommitted.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
        assertThat(values(consumeUntil(uncommitted, topic, 5)))
                .as("the aborted records were written, just not visible to read_committed")
                .containsExactly("committed-1", "committed-2", "aborted-1", "aborted-2", "committed-3");
    }

    private static KafkaProducer<String, String> inTransaction(KafkaProducer<String, String> producer,
            String topic, String... values) {
        producer.beginTransaction();
        for (String value : values) {
            producer.send(new ProducerRecord<>(topic, "chat-1", value));
        }
        // Without a flush, abortTransaction() drops unsent batches and the aborted records never reach the log.
        producer.flush();
        return producer;
    }

    static List<ConsumerRecord<String, String>> consumeUntil(KafkaTestContext kafka, String topic, String group,
            int count) {
        return consumeUntil(kafka.consumerProps(group), topic, count);
    }

    static List<ConsumerRecord<String, String>> consumeUntil(Map<String, Object> props, String topic, int count) {
        List<ConsumerRecord<String, String>> received = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
            consumer.subscribe(List.of(topic));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(100)).forEach(received::add);
                return received.size() >= count;
            });
            // One more poll: anything beyond the expected count is a bug the assertion must see.
            consumer.poll(Duration.ofMillis(200)).forEach(received::add);
        }
        return received;
    }

    static List<String> values(List<ConsumerRecord<String, String>> records) {
        return records.stream().map(ConsumerRecord::value).toList();
    }
}
