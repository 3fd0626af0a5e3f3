package dev.courier.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.courier.events.ChatCreated;
import dev.courier.events.ChatEvent;
import dev.courier.events.EventCodec;
import dev.courier.events.EventLimits;
import dev.courier.events.MemberJoined;
import dev.courier.events.MessageIds;
import dev.courier.events.MessageSent;
import dev.courier.events.ReceiptSubmitted;
import dev.courier.events.Topics;
import dev.courier.testkit.KafkaExtension;
import dev.courier.testkit.KafkaTestContext;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/** Through HTTP onto the real (embedded) broker: what a 202 put on the topics. */
@ExtendWith(KafkaExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IngestKafkaIT {

    private final EventCodec codec = new EventCodec(EventLimits.defaults());
    private Topics topics;
    private KafkaTestContext kafka;
    private IngestServer server;
    private TestApi api;

    @BeforeAll
    void start(KafkaTestContext kafka) {
        this.kafka = kafka;
        this.topics = new Topics(kafka.topicPrefix(), codec);
        kafka.createTopics(4, "chat-events.in", "receipts.in");
        server = new IngestServer(IngestSettings.defaults(TestApi.KEYS).withHost("127.0.0.1").withPort(0), topics,
                Map.of("bootstrap.servers", kafka.bootstrapServers()), new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
        server.start();
        api = new TestApi(server.port());
    }

    @AfterAll
    void stop() {
        server.stop();
    }

    @Test
    @DisplayName("create, join, message and receipt land on chat-events.in / receipts.in keyed by chat id, as valid events")
    void writesLandOnTheTopics() {
        UUID chat = UUID.randomUUID();
        UUID alice = UUID.randomUUID();
        UUID bob = UUID.randomUUID();

        assertThat(api.post("/v1/chats", "{\"chatId\":\"" + chat + "\",\"type\":\"direct\",\"createdBy\":\"" + alice
                + "\",\"members\":[\"" + bob + "\"]}").status()).isEqualTo(202);
        assertThat(api.post("/v1/chats/" + chat + "/members", "{\"userId\":\"" + UUID.randomUUID() + "\"}").status()).isEqualTo(202);
        TestApi.Response sent = api.post("/v1/chats/" + chat + "/messages",
                "{\"senderId\":\"" + alice + "\",\"clientMessageId\":\"m-1\",\"content\":\"hello, Kafka\"}");
        assertThat(sent.status()).isEqualTo(202);
        assertThat(api.post("/v1/chats/" + chat + "/receipts",
                "{\"userId\":\"" + bob + "\",\"kind\":\"delivered\",\"upToSeq\":3}").status()).isEqualTo(202);

        List<ChatEvent> events = chatEvents(chat);
        assertThat(events).hasSize(3);
        assertThat(events.get(0)).isInstanceOf(ChatCreated.class);
        assertThat(events.get(1)).isInstanceOf(MemberJoined.class);
        MessageSent message = (MessageSent) events.get(2);
        assertThat(message.messageId()).isEqualTo(MessageIds.derive(chat, alice, "m-1"))
                .hasToString(sent.json().get("messageId").asText());
        assertThat(message.content()).isEqualTo("hello, Kafka");
        assertThat(message.acceptedAt()).isNotNull();

        List<ReceiptSubmitted> receipts = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> r : TopicReader.readAll(kafka.bootstrapServers(), topics.receiptsIn().name())) {
            if (r.key().equals(chat.toString())) {
                receipts.add(topics.receiptsIn().valueSerde().deserializer().deserialize(r.topic(), r.value()));
            }
        }
        assertThat(receipts).singleElement().satisfies(r -> assertThat(r.upToSeq()).isEqualTo(3));
    }

    @Test
    @DisplayName("a full batch of 1,000 is published completely, every chat's messages in request order")
    void fullBatch() {
        List<UUID> chats = List.of(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());
        UUID sender = UUID.randomUUID();
        StringBuilder items = new StringBuilder();
        for (int i = 0; i < 1000; i++) {
            items.append(i == 0 ? "" : ",").append("{\"chatId\":\"").append(chats.get(i % 3)).append("\",\"senderId\":\"")
                    .append(sender).append("\",\"clientMessageId\":\"b-").append(i).append("\",\"content\":\"message ")
                    .append(i).append("\"}");
        }

        TestApi.Response r = api.post("/v1/messages:batch", "{\"messages\":[" + items + "]}");

        assertThat(r.status()).as(r.toString()).isEqualTo(202);
        assertThat(r.json().get("results")).hasSize(1000);
        for (UUID chat : chats) {
            List<Integer> order = new ArrayList<>();
            for (ChatEvent e : chatEvents(chat)) {
                order.add(Integer.parseInt(((MessageSent) e).clientMessageId().substring(2)));
            }
            assertThat(order).hasSize(chat.equals(chats.get(0)) ? 334 : 333).isSorted();
        }
    }

    @Test
    @DisplayName("ready while the broker is up; the producer's own metrics are on /metrics")
    void readyAndMetrics() {
        Awaitility.await().untilAsserted(() -> assertThat(api.get("/health/ready", null).status()).isEqualTo(200));
        assertThat(api.get("/health/ready", null).json().get("kafka").asText()).startsWith("kafka reachable");
        assertThat(api.get("/metrics", null).body()).contains("kafka_producer_record_send_total");
    }

    private List<ChatEvent> chatEvents(UUID chat) {
        // Everything acknowledged so far (the topic is shared by this class's tests): filter by key.
        List<ConsumerRecord<String, byte[]>> all = TopicReader.readAll(kafka.bootstrapServers(), topics.chatEventsIn().name());
        List<ChatEvent> events = new ArrayList<>();
        Map<Integer, Long> lastOffset = new HashMap<>();
        for (ConsumerRecord<String, byte[]> r : all) {
            if (r.key().equals(chat.toString())) {
                assertThat(r.offset()).isGreaterThan(lastOffset.getOrDefault(r.partition(), -1L));
                lastOffset.put(r.partition(), r.offset());
                events.add(topics.chatEventsIn().valueSerde().deserializer().deserialize(r.topic(), r.value()));
            }
        }
        return events;
    }
}
