package dev.courier.testkit;

import static dev.courier.testkit.EmbeddedKafkaIT.consumeUntil;
import static dev.courier.testkit.EmbeddedKafkaIT.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.courier.embeddedkafka.EmbeddedKafkaCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(ThreeNodeKafkaExtension.class)
class EmbeddedKafkaFailoverIT {

    @Test
    @DisplayName("with the partition leader's node down, acks=all writes and reads go on, and it rejoins")
    void survivesLeaderLoss(KafkaTestContext kafka, EmbeddedKafkaCluster cluster) throws Exception {
        String topic = kafka.createTopics(1, "failover").get(0);
        List<String> expected = new ArrayList<>();

        try (KafkaProducer<String, String> producer = new KafkaProducer<>(kafka.producerProps())) {
            send(producer, topic, "before", expected);

            int leader = kafka.leaderOf(topic, 0);
            cluster.stopNode(leader);
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                    .until(() -> kafka.leaderOf(topic, 0) != leader);
            send(producer, topic, "during", expected);

            cluster.startNode(leader);
            assertThat(cluster.isRunning(leader)).isTrue();
            send(producer, topic, "after", expected);
        }

        assertThat(values(consumeUntil(kafka, topic, "failover-reader", expected.size())))
                .containsExactlyElementsOf(expected);
    }

    private static void send(KafkaProducer<String, String> producer, String topic, String phase,
            List<String> expected) throws Exception {
        for (int i = 0; i < 5; i++) {
            String value = phase + "-" + i;
            producer.send(new ProducerRecord<>(topic, "chat-1", value)).get();
            expected.add(value);
        }
    }
}
