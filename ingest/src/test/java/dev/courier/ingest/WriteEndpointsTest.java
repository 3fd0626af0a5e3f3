package dev.courier.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.courier.events.ChatCreated;
import dev.courier.events.ChatEvent;
import dev.courier.events.ChatType;
import dev.courier.events.MemberJoined;
import dev.courier.events.MemberLeft;
import dev.courier.events.MessageIds;
import dev.courier.events.MessageSent;
import dev.courier.events.ReceiptKind;
import dev.courier.events.ReceiptSubmitted;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The write endpoints' 202 answers and what each publishes (to a MockProducer: the broker path is IngestKafkaIT). */
class WriteEndpointsTest {

    private static MockGateway gateway;
    private final UUID chat = UUID.randomUUID();
    private final UUID alice = UUID.randomUUID();
    private final UUID bob = UUID.randomUUID();

    @BeforeAll
    static void start() {
        gateway = new MockGateway();
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @BeforeEach
    void clear() {
        gateway.producer.clear();
    }

    @Test
    @DisplayName("POST /v1/chats publishes ChatCreated keyed by chat id, stamped with acceptedAt, and answers 202 {chatId}")
    void createChat() {
        TestApi.Response r = gateway.api.post("/v1/chats", """
                {"chatId":"%s","type":"group","title":"Team","createdBy":"%s","members":["%s","%s"]}"""
                .formatted(chat, alice, alice, bob));

        assertThat(r.status()).as(r.toString()).isEqualTo(202);
        assertThat(r.header("Content-Type")).startsWith("application/json");
        assertThat(r.json().get("chatId").asText()).isEqualTo(chat.toString());
        ChatCreated event = (ChatCreated) onlyChatEvent(chat);
        assertThat(event.chatType()).isEqualTo(ChatType.GROUP);
        assertThat(event.title()).isEqualTo("Team");
        assertThat(event.members()).containsExactly(alice, bob);
        assertThat(event.acceptedAt()).isEqualTo(Instant.parse(r.json().get("acceptedAt").asText()));
        assertThat(event.seq()).isNull();
    }

    @Test
    @DisplayName("a chat created without chatId gets a fresh one")
    void createChatWithoutId() {
        TestApi.Response r = gateway.api.post("/v1/chats", """
                {"type":"direct","createdBy":"%s","members":["%s"]}""".formatted(alice, bob));

        assertThat(r.status()).as(r.toString()).isEqualTo(202);
        UUID id = UUID.fromString(r.json().get("chatId").asText());
        assertThat(onlyChatEvent(id)).isInstanceOf(ChatCreated.class);
    }

    @Test
    @DisplayName("join and leave publish MemberJoined and MemberLeft")
    void joinAndLeave() {
        TestApi.Response joined = gateway.api.post("/v1/chats/" + chat + "/members", "{\"userId\":\"" + bob + "\"}");
        assertThat(joined.status()).as(joined.toString()).isEqualTo(202);
        assertThat(joined.json().get("userId").asText()).isEqualTo(bob.toString());
        assertThat(onlyChatEvent(chat)).isEqualTo(new MemberJoined(chat, bob, acceptedAt(joined), null));

        gateway.producer.clear();
        TestApi.Response left = gateway.api.delete("/v1/chats/" + chat + "/members/" + bob);
        assertThat(left.status()).as(left.toString()).isEqualTo(202);
        assertThat(onlyChatEvent(chat)).isEqualTo(new MemberLeft(chat, bob, acceptedAt(left), null));
    }

    @Test
    @DisplayName("a message gets the UUIDv5 of sender and client id: a retry answers the same messageId")
    void sendMessage() {
        String body = """
                {"senderId":"%s","clientMessageId":"c-1","content":"hello","sentAt":"2026-01-31T12:00:00Z"}""".formatted(alice);

        TestApi.Response first = gateway.api.post("/v1/chats/" + chat + "/messages", body);
        TestApi.Response retry = gateway.api.post("/v1/chats/" + chat + "/messages", body);

        assertThat(first.status()).as(first.toString()).isEqualTo(202);
        UUID expected = MessageIds.derive(chat, alice, "c-1");
        assertThat(first.json().get("messageId").asText()).isEqualTo(expected.toString());
        assertThat(retry.json().get("messageId").asText()).isEqualTo(expected.toString());
        assertThat(first.json().get("chatId").asText()).isEqualTo(chat.toString());
        List<ChatEvent> events = chatEvents(chat);
        assertThat(events).hasSize(2).allSatisfy(e -> {
            MessageSent m = (MessageSent) e;
            assertThat(m.messageId()).isEqualTo(expected);
            assertThat(m.content()).isEqualTo("hello");
            assertThat(m.sentAt()).isEqualTo(Instant.parse("2026-01-31T12:00:00Z"));
            assertThat(m.acceptedAt()).isNotNull();
        });
    }

    @Test
    @DisplayName("a receipt goes to receipts.in keyed by chat id")
    void receipt() {
        TestApi.Response r = gateway.api.post("/v1/chats/" + chat + "/receipts",
                "{\"userId\":\"" + bob + "\",\"kind\":\"read\",\"upToSeq\":42}");

        assertThat(r.status()).as(r.toString()).isEqualTo(202);
        assertThat(r.json().get("kind").asText()).isEqualTo("read");
        assertThat(gateway.published()).hasSize(1);
        ProducerRecord<String, byte[]> record = gateway.published().get(0);
        assertThat(record.topic()).isEqualTo(MockGateway.TOPICS.receiptsIn().name());
        assertThat(record.key()).isEqualTo(chat.toString());
        ReceiptSubmitted receipt = MockGateway.TOPICS.receiptsIn().valueSerde().deserializer()
                .deserialize(record.topic(), record.value());
        assertThat(receipt).isEqualTo(new ReceiptSubmitted(chat, bob, ReceiptKind.READ, 42, acceptedAt(r)));
    }

    @Test
    @DisplayName("a batch publishes every item in order, keyed by each item's chat, and answers a result per item")
    void batch() {
        UUID otherChat = UUID.randomUUID();
        StringBuilder items = new StringBuilder();
        for (int i = 0; i < 5; i++) {
            items.append(i == 0 ? "" : ",").append("""
                    {"chatId":"%s","senderId":"%s","clientMessageId":"b-%d","content":"m%d"}"""
                    .formatted(i % 2 == 0 ? chat : otherChat, alice, i, i));
        }

        TestApi.Response r = gateway.api.post("/v1/messages:batch", "{\"messages\":[" + items + "]}");

        assertThat(r.status()).as(r.toString()).isEqualTo(202);
        assertThat(r.json().get("accepted").asInt()).isEqualTo(5);
        JsonNode results = r.json().get("results");
        assertThat(results).hasSize(5);
        for (int i = 0; i < 5; i++) {
            assertThat(results.get(i).get("messageId").asText()).isEqualTo(MessageIds.derive(i % 2 == 0 ? chat : otherChat, alice, "b-" + i).toString());
            ProducerRecord<String, byte[]> record = gateway.published().get(i);
            assertThat(record.key()).isEqualTo((i % 2 == 0 ? chat : otherChat).toString());
            assertThat(((MessageSent) decode(record)).content()).isEqualTo("m" + i);
        }
    }

    private static Instant acceptedAt(TestApi.Response r) {
        return Instant.parse(r.json().get("acceptedAt").asText());
    }

    private static ChatEvent onlyChatEvent(UUID chatId) {
        List<ChatEvent> events = chatEvents(chatId);
        assertThat(events).hasSize(1);
        return events.get(0);
    }

    private static List<ChatEvent> chatEvents(UUID chatId) {
        List<ChatEvent> events = new ArrayList<>();
        for (ProducerRecord<String, byte[]> r : gateway.published()) {
            assertThat(r.topic()).isEqualTo(MockGateway.TOPICS.chatEventsIn().name());
            assertThat(r.key()).isEqualTo(chatId.toString());
            events.add(decode(r));
        }
        return events;
    }

    private static ChatEvent decode(ProducerRecord<String, byte[]> r) {
        return MockGateway.TOPICS.chatEventsIn().valueSerde().deserializer().deserialize(r.topic(), r.value());
    }
}
