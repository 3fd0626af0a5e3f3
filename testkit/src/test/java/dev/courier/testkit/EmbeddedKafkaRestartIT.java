package dev.courier.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.courier.embeddedkafka.EmbeddedKafkaCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaRestartIT {

    @Test
    @DisplayName("a cluster restarted on a kept data directory still has its topic and records")
    void keepsDataAcrossRestarts(@TempDir Path dataDir) throws Exception {
        String topic;
        try (EmbeddedKafkaCluster cluster = EmbeddedKafkaCluster.builder().dataDir(dataDir).build().start();
                KafkaTestContext kafka = KafkaTestContext.forCluster(cluster)) {
            topic = kafka.createTopics(2, "kept").get(0);
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(kafka.producerProps())) {
                producer.send(new ProducerRecord<>(topic, "chat-1", "first")).get();
                producer.send(new ProducerRecord<>(topic, "chat-2", "second")).get();
            }
        }
        assertThat(dataDir.resolve("node-0/meta.properties")).as("a given data dir is kept on close").exists();

        try (EmbeddedKafkaCluster cluster = EmbeddedKafkaCluster.builder().dataDir(dataDir).build().start();
                KafkaTestContext kafka = KafkaTestContext.forCluster(cluster)) {
            assertThat(kafka.admin().listTopics().names().get()).contains(topic);
            List<ConsumerRecord<String, String>> records = kafka.readRecords(topic, 2);
            assertThat(records).extracting(ConsumerRecord::value).containsExactlyInAnyOrder("first", "second");
        }
    }

    @Test
    @DisplayName("a node stopped and started again serves on the same address; a temporary dir goes on close")
    void restartsANode() throws Exception {
        Path dataDir;
        try (EmbeddedKafkaCluster cluster = EmbeddedKafkaCluster.builder().build().start();
                KafkaTestContext kafka = KafkaTestContext.forCluster(cluster)) {
            dataDir = cluster.dataDir();
            String topic = kafka.createTopics(1, "node-restart").get(0);
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(kafka.producerProps())) {
                producer.send(new ProducerRecord<>(topic, "k", "before")).get();
            }
            cluster.stopNode(0);
            assertThat(cluster.isRunning(0)).isFalse();
            cluster.startNode(0);
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(kafka.producerProps())) {
                producer.send(new ProducerRecord<>(topic, "k", "after")).get();
            }
            assertThat(kafka.readRecords(topic, 2)).extracting(ConsumerRecord::value)
                    .containsExactly("before", "after");
        }
        assertThat(Files.exists(dataDir)).isFalse();
    }
}
