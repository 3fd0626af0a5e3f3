package dev.courier.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.courier.events.ChatCreated;
import dev.courier.events.ChatEvent;
import dev.courier.events.ChatType;
import dev.courier.events.EventCodec;
import dev.courier.events.EventLimits;
import dev.courier.events.MessageSent;
import dev.courier.events.Topics;
import dev.courier.testkit.KafkaExtension;
import dev.courier.testkit.KafkaTestContext;
import dev.courier.testkit.TopicContents;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** A worker stopped cleanly leaves its state for the next start: nothing is restored from the changelogs. */
@ExtendWith(KafkaExtension.class)
class CleanRestartIT {

    private static final EventCodec CODEC = new EventCodec(EventLimits.defaults());

    @Test
    @DisplayName("after a clean stop, the next start restores no changelog record and the chat goes on from its seq")
    void cleanStopKeepsState(KafkaTestContext kafka, @TempDir Path stateDir) throws Exception {
        Topics topics = new Topics(kafka.topicPrefix(), CODEC);
        kafka.createTopics(2, "chat-events.in", "receipts.in", "chat-log", "inbox", "receipts", "unread", "rejected", "reroute");
        WorkerSettings settings = WorkerSettings.defaults(kafka.bootstrapServers())
                .withApplicationId(kafka.topicPrefix() + "worker").withStateDir(stateDir);
        UUID chat = UUID.randomUUID();
        UUID alice = UUID.randomUUID();
        Map<String, Object> props = kafka.producerProps();
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props)) {
            String key = chat.toString();
            String in = topics.chatEventsIn().name();
            try (DeliveryWorker worker = new DeliveryWorker(settings, topics, new SimpleMeterRegistry())) {
                worker.start();
                await().atMost(Duration.ofSeconds(60)).until(worker::isReady);
                producer.send(new ProducerRecord<>(in, key, CODEC.encode(new ChatCreated(chat, ChatType.DIRECT, null, alice,
                        List.of(UUID.randomUUID()), null, null))));
                for (int i = 0; i < 20; i++) {
                    producer.send(new ProducerRecord<>(in, key, CODEC.encode(new MessageSent(chat, null, alice, "c-" + i,
                            "m" + i, null, null, null))));
                }
                // A chat without messages on the other partition: its task's dedup store stays empty.
                UUID quiet = otherPartition(chat);
                producer.send(new ProducerRecord<>(in, quiet.toString(), CODEC.encode(new ChatCreated(quiet, ChatType.DIRECT,
                        null, alice, List.of(UUID.randomUUID()), null, null))));
                producer.flush();
                await().atMost(Duration.ofSeconds(60)).until(() -> seqs(kafka, topics, chat).size() == 21
                        && seqs(kafka, topics, quiet).size() == 1);
            }

            DeliveryWorker again = new DeliveryWorker(settings, topics, new SimpleMeterRegistry());
            try (again) {
                again.start();
                await().atMost(Duration.ofSeconds(60)).until(again::isReady);
                producer.send(new ProducerRecord<>(in, key, CODEC.encode(new MessageSent(chat, null, alice, "after",
                        "after the restart", null, null, null)))).get();
                await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                        assertThat(seqs(kafka, topics, chat)).endsWith(22L).hasSize(22));
                assertThat(again.restoredRecords()).as("changelog records restored after a clean stop").isZero();
            }
        }
    }

    private static List<Long> seqs(KafkaTestContext kafka, Topics topics, UUID chat) {
        return TopicContents.readAll(kafka.bootstrapServers(), topics.chatLog()).stream().map(ConsumerRecord::value)
                .filter(e -> e.chatId().equals(chat)).map(ChatEvent::seq).toList();
    }

    /** A chat id that murmur2 puts on the other of two partitions. */
    private static UUID otherPartition(UUID chat) {
        int p = partition(chat);
        while (true) {
            UUID c = UUID.randomUUID();
            if (partition(c) != p) {
                return c;
            }
        }
    }

    private static int partition(UUID chat) {
        return org.apache.kafka.common.utils.Utils.toPositive(org.apache.kafka.common.utils.Utils.murmur2(
                chat.toString().getBytes(StandardCharsets.UTF_8))) % 2;
    }
}
