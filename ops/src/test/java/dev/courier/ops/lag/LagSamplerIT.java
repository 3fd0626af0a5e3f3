package dev.courier.ops.lag;

import static org.assertj.core.api.Assertions.assertThat;

import dev.courier.testkit.ConsumerGroupTool;
import dev.courier.testkit.KafkaExtension;
import dev.courier.testkit.KafkaTestContext;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The lag sampler against a real broker, next to Kafka's own {@code kafka-consumer-groups --describe}. */
@ExtendWith(KafkaExtension.class)
class LagSamplerIT {

    private KafkaTestContext kafka;
    private LagSampler sampler;

    @BeforeEach
    void start(KafkaTestContext kafka) {
        this.kafka = kafka;
        sampler = new LagSampler(Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()), Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        sampler.close();
    }

    @Test
    @DisplayName("for a plain topic, committed offset, end offset and lag equal kafka-consumer-groups' figures")
    void plainGroupMatchesKafkaTool() throws Exception {
        String topic = kafka.createTopics(3, "plain").get(0);
        try (KafkaProducer<String, String> p = new KafkaProducer<>(kafka.producerProps())) {
            for (int i = 0; i < 60; i++) {
                p.send(new ProducerRecord<>(topic, "k" + i, "v" + i)).get();
            }
        }
        String group = kafka.topicPrefix() + "plain-app";
        commit(group, Map.of(new TopicPartition(topic, 0), 3L, new TopicPartition(topic, 1), 0L));

        LagReport report = report(GroupSpec.other(group));
        List<ConsumerGroupTool.Row> tool = ConsumerGroupTool.describe(kafka.bootstrapServers(), group);

        assertThat(tool).hasSize(2);
        for (ConsumerGroupTool.Row row : tool) {
            LagReport.PartitionLag ours = partition(report, row.topic(), row.partition());
            assertThat(ours.committed()).isEqualTo(row.currentOffset());
            assertThat(ours.end()).isEqualTo(row.logEndOffset());
            assertThat(ours.lagRecords()).as("lag of partition " + row.partition()).isEqualTo(row.lag()).isPositive();
        }
    }

    @Test
    @DisplayName("on a transactional topic a read_committed group sitting before a commit marker has lag 0; kafka-consumer-groups counts the marker")
    void transactionMarkersAreNotLag() throws Exception {
        String topic = kafka.createTopics(1, "txn").get(0);
        TopicPartition tp = new TopicPartition(topic, 0);
        try (KafkaProducer<String, String> p = new KafkaProducer<>(kafka.transactionalProducerProps("txn-lag"))) {
            p.initTransactions();
            for (int t = 0; t < 3; t++) { // offsets 0-4, marker 5, 6-10, marker 11, 12-16, marker 17
                p.beginTransaction();
                for (int i = 0; i < 5; i++) {
                    p.send(new ProducerRecord<>(topic, "k", "t" + t + "-" + i));
                }
                p.commitTransaction();
            }
        }
        String group = kafka.topicPrefix() + "after-last-record";
        commit(group, Map.of(tp, 17L)); // the last record's offset + 1: everything was read

        LagReport.PartitionLag ours = partition(report(GroupSpec.other(group)), topic, 0);
        ConsumerGroupTool.Row tool = ConsumerGroupTool.describe(kafka.bootstrapServers(), group).get(0);

        assertThat(tool.logEndOffset()).isEqualTo(18);
        assertThat(tool.lag()).as("the tool's lag: the high watermark counts the commit marker").isEqualTo(1);
        assertThat(ours.end()).as("last stable offset").isEqualTo(18);
        assertThat(ours.lagRecords()).as("no record is left to read").isZero();
        assertThat(ours.lagSeconds()).isZero();

        String behind = kafka.topicPrefix() + "mid-way";
        commit(behind, Map.of(tp, 6L));
        LagReport.PartitionLag mid = partition(report(GroupSpec.other(behind)), topic, 0);
        assertThat(mid.lagRecords()).as("with records left, the offset difference, as the tool shows")
                .isEqualTo(ConsumerGroupTool.describe(kafka.bootstrapServers(), behind).get(0).lag()).isEqualTo(12);
    }

    @Test
    @DisplayName("lag in seconds is the age of the first record not consumed, read from the log; a group without members and a fixed offset is STOP")
    void lagSecondsFromTheLog() throws Exception {
        String topic = kafka.createTopics(1, "aged").get(0);
        TopicPartition tp = new TopicPartition(topic, 0);
        long now = System.currentTimeMillis();
        try (KafkaProducer<String, String> p = new KafkaProducer<>(kafka.producerProps())) {
            p.send(new ProducerRecord<>(topic, 0, now - 90_000, "k", "old")).get();
            p.send(new ProducerRecord<>(topic, 0, now - 30_000, "k", "newer")).get();
        }
        String group = kafka.topicPrefix() + "stopped-app";
        commit(group, Map.of(tp, 1L));

        LagReporter reporter = new LagReporter(sampler, List.of(GroupSpec.other(group)), Duration.ofSeconds(1), Optional.empty(), 0);
        reporter.sample();
        reporter.sample();
        LagReport report = reporter.report();
        LagReport.PartitionLag p = partition(report, topic, 0);

        assertThat(p.lagRecords()).isEqualTo(1);
        assertThat(p.lagSeconds()).isBetween(29.0, 45.0);
        assertThat(p.status()).isEqualTo(LagStatus.STOP);
        assertThat(report.groups().get(0).status()).isEqualTo(LagStatus.ERR);
        assertThat(report.exitCode()).isEqualTo(2);

        commit(group, Map.of(tp, 2L));
        reporter.sample();
        assertThat(partition(reporter.report(), topic, 0)).satisfies(caughtUp -> {
            assertThat(caughtUp.lagRecords()).isZero();
            assertThat(caughtUp.lagSeconds()).isZero();
            assertThat(caughtUp.status()).isEqualTo(LagStatus.OK);
        });
    }

    private LagReport report(GroupSpec group) {
        LagReporter reporter = new LagReporter(sampler, List.of(group), Duration.ofMillis(500), Optional.empty(), 0);
        reporter.sample();
        return reporter.report();
    }

    private void commit(String group, Map<TopicPartition, Long> offsets) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> o = new HashMap<>();
        offsets.forEach((tp, off) -> o.put(tp, new OffsetAndMetadata(off)));
        kafka.admin().alterConsumerGroupOffsets(group, o).all().get();
    }

    private static LagReport.PartitionLag partition(LagReport report, String topic, int partition) {
        return report.groups().get(0).partitions().stream()
                .filter(p -> p.topic().equals(topic) && p.partition() == partition).findFirst().orElseThrow();
    }
}
