package dev.courier.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import dev.courier.events.ChatCreated;
import dev.courier.events.ChatEvent;
import dev.courier.events.ChatType;
import dev.courier.events.EventCodec;
import dev.courier.events.EventLimits;
import dev.courier.events.MessageIds;
import dev.courier.events.MessageSent;
import dev.courier.events.ReceiptAdvanced;
import dev.courier.events.ReceiptKind;
import dev.courier.events.ReceiptSubmitted;
import dev.courier.events.RejectReason;
import dev.courier.events.Rejected;
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
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Garbage written by a raw producer to both inputs lands in rejected, and the valid records after it are processed. */
@ExtendWith(KafkaExtension.class)
class DeliveryWorkerGarbageIT {

    private static final EventCodec CODEC = new EventCodec(EventLimits.defaults());

    @Test
    @DisplayName("garbage bytes and bad JSON on chat-events.in and receipts.in go to rejected; what follows is processed")
    void garbageNeverStalls(KafkaTestContext kafka, @TempDir Path stateDir) throws Exception {
        Topics topics = new Topics(kafka.topicPrefix(), CODEC);
        kafka.createTopics(2, "chat-events.in", "receipts.in", "chat-log", "inbox", "receipts", "unread", "rejected", "reroute");
        WorkerSettings settings = WorkerSettings.defaults(kafka.bootstrapServers())
                .withApplicationId(kafka.topicPrefix() + "worker").withStateDir(stateDir);
        UUID chat = UUID.randomUUID();
        UUID alice = UUID.randomUUID();
        UUID bob = UUID.randomUUID();
        String key = chat.toString();
        Map<String, Object> props = kafka.producerProps();
        props.put("key.serializer", ByteArraySerializer.class);
        props.put("value.serializer", ByteArraySerializer.class);

        try (DeliveryWorker worker = new DeliveryWorker(settings, topics, new SimpleMeterRegistry());
             KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props)) {
            worker.start();
            await().atMost(Duration.ofSeconds(60)).until(worker::isReady);
            String in = topics.chatEventsIn().name();
            String rin = topics.receiptsIn().name();
            byte[] k = key.getBytes(StandardCharsets.UTF_8);
            producer.send(new ProducerRecord<>(in, k, new byte[] {(byte) 0xff, 0x00, 0x13, (byte) 0xc3}));
            producer.send(new ProducerRecord<>(in, k, "{\"type\":\"MessageSent\",\"v\":1}".getBytes(StandardCharsets.UTF_8)));
            producer.send(new ProducerRecord<>(in, new byte[] {(byte) 0xfe}, "{}".getBytes(StandardCharsets.UTF_8)));
            producer.send(new ProducerRecord<>(rin, k, "{\"type\":\"ReceiptSubmitted\",\"v\":9}".getBytes(StandardCharsets.UTF_8)));
            producer.send(new ProducerRecord<>(rin, k, null));
            producer.send(new ProducerRecord<>(in, k, CODEC.encode(new ChatCreated(chat, ChatType.DIRECT, null, alice,
                    List.of(bob), null, null))));
            producer.send(new ProducerRecord<>(in, k, CODEC.encode(new MessageSent(chat, null, alice, "c1", "hi", null,
                    null, null))));
            producer.send(new ProducerRecord<>(rin, k, CODEC.encode(new ReceiptSubmitted(chat, bob, ReceiptKind.READ, 2,
                    null))));
            producer.flush();

            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                assertThat(TopicContents.readAll(kafka.bootstrapServers(), topics.chatLog()))
                        .extracting(r -> r.value().seq()).containsExactly(1L, 2L);
                assertThat(TopicContents.readAll(kafka.bootstrapServers(), topics.receipts()))
                        .extracting(r -> r.value().userId(), r -> r.value().kind())
                        .contains(tuple(bob, ReceiptKind.READ));
            });
            List<ConsumerRecord<String, Rejected>> rejected = TopicContents.readAll(kafka.bootstrapServers(),
                    topics.rejected());
            assertThat(rejected).extracting(r -> r.value().reason(), r -> r.value().sourceTopic()).containsExactlyInAnyOrder(
                    tuple(RejectReason.MALFORMED, in), tuple(RejectReason.INVALID, in), tuple(RejectReason.INVALID, in),
                    tuple(RejectReason.UNSUPPORTED_VERSION, rin), tuple(RejectReason.MALFORMED, rin));
            assertThat(rejected).allSatisfy(r -> assertThat(r.value().sourceOffset()).isNotNegative());
            MessageSent m = (MessageSent) TopicContents.readAll(kafka.bootstrapServers(), topics.chatLog()).get(1).value();
            assertThat(m.messageId()).isEqualTo(MessageIds.derive(chat, alice, "c1"));
            assertThat(TopicContents.readAll(kafka.bootstrapServers(), topics.receipts()))
                    .extracting(ConsumerRecord::value).extracting(ReceiptAdvanced::upToSeq).contains(2L);
        }
    }
}
