package dev.courier.app.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.courier.app.config.ConfigLoader;
import dev.courier.app.config.CourierConfig;
import dev.courier.app.kafka.TopicCreator;
import dev.courier.events.EventCodec;
import dev.courier.events.Topics;
import dev.courier.testkit.KafkaExtension;
import dev.courier.testkit.KafkaTestContext;
import dev.courier.testkit.PostgresDatabaseExtension;
import dev.courier.testkit.PostgresTestDatabase;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole pipeline in one process, as {@code courier serve} runs it: HTTP → ingest → worker → sink → PostgreSQL and
 * back out through the read API. Checks DESIGN §2's invariants on the database the pipeline wrote.
 */
@ExtendWith({KafkaExtension.class, PostgresDatabaseExtension.class})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PipelineEndToEndIT {

    private static final String ADMIN_KEY = "e2e-admin-key";
    private static final int USERS = 6;
    private static final int MESSAGES = 300;

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();
    private final List<UUID> users = new ArrayList<>();
    private final UUID chat = UUID.randomUUID();
    private final List<String> acceptedIds = new ArrayList<>();
    private final List<UUID> senders = new ArrayList<>();
    private PostgresTestDatabase db;
    private CourierConfig config;
    private Pipeline pipeline;

    @BeforeAll
    void start(KafkaTestContext kafka, PostgresTestDatabase db, @TempDir Path dataDir) {
        this.db = db;
        config = ConfigLoader.load(Map.of(
                "COURIER_KAFKA_BOOTSTRAP", kafka.bootstrapServers(),
                "COURIER_TOPIC_PREFIX", kafka.topicPrefix(),
                "COURIER_PARTITIONS", "3",
                "COURIER_DATABASE_URL", db.jdbcUrl(),
                "COURIER_HTTP_PORT", "0",
                "COURIER_DATA_DIR", dataDir.toString(),
                "COURIER_API_KEYS", ADMIN_KEY + ":admin,e2e-producer:produce"), Optional.empty());
        new TopicCreator(kafka.admin()).createAll(new Topics(kafka.topicPrefix(), new EventCodec(config.limits())), 3,
                Optional.empty());
        pipeline = new Pipeline(config, EnumSet.allOf(Pipeline.Part.class), config.http().apiKeys());
        pipeline.start();
        await().atMost(Duration.ofSeconds(60)).until(() -> get("/health/ready", ADMIN_KEY).statusCode() == 200);
        for (int i = 0; i < USERS; i++) {
            users.add(UUID.randomUUID());
        }
    }

    @AfterAll
    void stop() {
        if (pipeline != null) {
            pipeline.close();
        }
    }

    @Test
    @Order(1)
    @DisplayName("messages sent over HTTP (with client retries) reach PostgreSQL once each, densely sequenced in send order")
    void sendThroughThePipeline() throws Exception {
        List<UUID> members = users.subList(0, USERS - 1); // the last user joins later
        assertThat(post("/v1/chats", Map.of("chatId", chat.toString(), "type", "group", "title", "e2e",
                "createdBy", members.get(0).toString(), "members", members.stream().map(UUID::toString).toList())).statusCode())
                .isEqualTo(202);
        Random random = new Random(7);
        for (int i = 0; i < MESSAGES; i++) {
            // The last two messages come from one sender: the second moves their read watermark without changing their
            // unread count (already 0), which the unread endpoint must still show.
            UUID sender = i == MESSAGES - 1 ? senders.get(i - 1) : members.get(random.nextInt(members.size()));
            Map<String, Object> body = Map.of("senderId", sender.toString(), "clientMessageId", "c-" + i, "content", "message " + i);
            HttpResponse<String> r = post("/v1/chats/" + chat + "/messages", body);
            assertThat(r.statusCode()).isEqualTo(202);
            String id = json.readTree(r.body()).get("messageId").asText();
            acceptedIds.add(id);
            senders.add(sender);
            if (i % 10 == 0) { // a client retry: same sender and client id, same messageId, nothing added
                assertThat(json.readTree(post("/v1/chats/" + chat + "/messages", body).body()).get("messageId").asText())
                        .isEqualTo(id);
            }
            if (i == MESSAGES / 2) {
                assertThat(post("/v1/chats/" + chat + "/members", Map.of("userId", users.get(USERS - 1).toString())).statusCode())
                        .isEqualTo(202);
            }
            if (i % 25 == 0) {
                UUID reader = members.get(random.nextInt(members.size()));
                assertThat(post("/v1/chats/" + chat + "/receipts", Map.of("userId", reader.toString(), "kind", "read",
                        "upToSeq", 1 + random.nextInt(i + 2))).statusCode()).isEqualTo(202);
            }
        }

        await().atMost(Duration.ofSeconds(90)).until(() -> count("SELECT count(*) FROM messages") == MESSAGES);
        assertThat(query("SELECT id::text FROM messages ORDER BY seq")).containsExactlyElementsOf(acceptedIds);
        // Dense: the seqs of messages and of membership events together are exactly 1..latest_seq.
        assertThat(query("SELECT count(DISTINCT s) || ' ' || max(s) || ' ' || (SELECT latest_seq FROM chats WHERE id = '"
                + chat + "') FROM (SELECT seq s FROM messages WHERE chat_id = '" + chat + "' UNION ALL"
                + " SELECT joined_seq FROM chat_participants WHERE chat_id = '" + chat + "') x"))
                .containsExactly((MESSAGES + 2) + " " + (MESSAGES + 2) + " " + (MESSAGES + 2));
    }

    @Test
    @Order(2)
    @DisplayName("watermarks are monotonic with read <= delivered <= latest seq, and unread counts equal DESIGN §2 (5) computed from messages")
    void unreadAndWatermarksAgreeWithTheDefinition() throws Exception {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(count(
                "SELECT count(*) FROM chat_participants p JOIN unread_messages u USING (chat_id, user_id)"
                        + " WHERE u.unread_count <> (SELECT count(*) FROM messages m WHERE m.chat_id = p.chat_id"
                        + " AND m.seq > greatest(p.read_seq, p.joined_seq) AND m.sender_id <> p.user_id)"))
                .as("participants whose unread count differs from the definition").isZero());
        assertThat(count("SELECT count(*) FROM chat_participants p JOIN chats c ON c.id = p.chat_id"
                + " WHERE NOT (p.read_seq <= p.delivered_seq AND p.delivered_seq <= c.latest_seq)")).isZero();
        assertThat(count("SELECT count(*) FROM unread_messages WHERE chat_id = '" + chat + "'"))
                .as("every recipient has an unread row").isGreaterThanOrEqualTo(USERS - 1);
    }

    @Test
    @Order(3)
    @DisplayName("the read API serves the history newest first in pages, search, per-recipient receipts and unread counts")
    void readApi() throws Exception {
        List<String> newestFirst = new ArrayList<>();
        String before = "";
        while (true) {
            JsonNode page = getJson("/v1/chats/" + chat + "/messages?limit=120" + before);
            page.get("messages").forEach(m -> newestFirst.add(m.get("messageId").asText()));
            if (page.get("nextBefore").isNull()) {
                break;
            }
            before = "&before=" + page.get("nextBefore").asLong();
        }
        List<String> sendOrder = new ArrayList<>(acceptedIds);
        java.util.Collections.reverse(sendOrder);
        assertThat(newestFirst).containsExactlyElementsOf(sendOrder);

        JsonNode hits = getJson("/v1/chats/" + chat + "/messages/search?q=" + "message%20" + (MESSAGES - 1));
        assertThat(hits.get("messages")).extracting(m -> m.get("messageId").asText()).contains(acceptedIds.get(MESSAGES - 1));

        JsonNode receipts = getJson("/v1/chats/" + chat + "/messages/" + acceptedIds.get(0) + "/receipts");
        assertThat(receipts.toString()).contains("\"status\"");

        UUID reader = users.get(1);
        JsonNode unread = getJson("/v1/users/" + reader + "/unread");
        long expected = count("SELECT unread_count FROM unread_messages WHERE user_id = '" + reader + "' AND chat_id = '" + chat + "'");
        assertThat(unread.get("total").asLong()).isEqualTo(expected);
        assertThat(get("/v1/users/" + reader + "/unread", "e2e-producer").statusCode()).as("produce-only key").isEqualTo(403);

        // Sending reads the chat up to one's own message: the last sender's lastReadSeq is that message's seq.
        UUID lastSender = senders.get(MESSAGES - 1);
        long lastSeq = count("SELECT seq FROM messages WHERE id = '" + acceptedIds.get(MESSAGES - 1) + "'");
        JsonNode senderUnread = getJson("/v1/users/" + lastSender + "/unread");
        assertThat(senderUnread.get("chats").get(0).get("lastReadSeq").asLong()).isEqualTo(lastSeq);
        assertThat(senderUnread.get("chats").get(0).get("unread").asLong()).isZero();
    }

    @Test
    @Order(4)
    @DisplayName("dropping the pipeline-owned rows and replaying the topics into a fresh sink yields the same rows")
    void rebuildFromTheLog() throws Exception {
        String before = checksum();
        pipeline.close();
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute("TRUNCATE messages, chat_participants, chats, receipt_log, unread_messages, sink_offsets CASCADE");
        }
        pipeline = new Pipeline(config, EnumSet.of(Pipeline.Part.SINK), Optional.empty());
        pipeline.start();

        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> assertThat(checksum()).isEqualTo(before));
    }

    private String checksum() throws Exception {
        // Times the sink stamps itself (persisted_at, updated_at) differ on a rebuild by design; everything else may not.
        return String.join("|", query("SELECT md5(string_agg(concat_ws(',', id, chat_id, seq, sender_id, client_message_id,"
                + " content, sent_at, accepted_at), ';' ORDER BY id)) FROM messages"
                + " UNION ALL SELECT md5(string_agg(concat_ws(',', chat_id, user_id, role, joined_seq, left_seq, delivered_seq,"
                + " read_seq, delivered_at, read_at), ';' ORDER BY chat_id, user_id)) FROM chat_participants"
                + " UNION ALL SELECT md5(string_agg(concat_ws(',', user_id, chat_id, unread_count, last_read_seq, latest_seq,"
                + " version), ';' ORDER BY user_id, chat_id)) FROM unread_messages"
                + " UNION ALL SELECT md5(string_agg(concat_ws(',', chat_id, user_id, kind, up_to_seq, previous_seq, advanced_at),"
                + " ';' ORDER BY chat_id, user_id, kind, up_to_seq)) FROM receipt_log"
                + " UNION ALL SELECT md5(string_agg(concat_ws(',', id, type, title, created_by, latest_seq), ';' ORDER BY id)) FROM chats"));
    }

    private HttpResponse<String> post(String path, Object body) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + ADMIN_KEY)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body))).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path, String key) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + key).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode getJson(String path) throws Exception {
        HttpResponse<String> r = get(path, ADMIN_KEY);
        assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
        return json.readTree(r.body());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + pipeline.httpPort() + path);
    }

    private long count(String sql) throws Exception {
        return Long.parseLong(query(sql).get(0));
    }

    private List<String> query(String sql) throws Exception {
        try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            List<String> rows = new ArrayList<>();
            while (rs.next()) {
                rows.add(rs.getString(1));
            }
            return rows;
        }
    }
}
