package dev.courier.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.zaxxer.hikari.HikariDataSource;
import dev.courier.events.EventCodec;
import dev.courier.events.EventLimits;
import dev.courier.events.Topics;
import dev.courier.ingest.read.ReadApi;
import dev.courier.migrations.MigrationSettings;
import dev.courier.migrations.Migrator;
import dev.courier.persistence.DatabasePool;
import dev.courier.testkit.KafkaExtension;
import dev.courier.testkit.KafkaTestContext;
import dev.courier.testkit.PostgresDatabaseExtension;
import dev.courier.testkit.PostgresTestDatabase;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The read API through real HTTP ({@link IngestServer} on the embedded broker) over a migrated PostgreSQL.
 *
 * <p>Chat: members A, B, C from the start and LATE from seq 12; messages seq 1..25, A sends the odd ones and B the
 * even ones. B delivered up to 10 at t+40, read up to 5 at t+50, delivered up to 15 at t+100. B's unread: 10 in the
 * chat and 3 in another one.
 */
@ExtendWith({KafkaExtension.class, PostgresDatabaseExtension.class})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReadApiIT {

    private static final UUID CHAT = UUID.randomUUID();
    private static final UUID OTHER_CHAT = UUID.randomUUID();
    private static final UUID A = UUID.randomUUID();
    private static final UUID B = UUID.randomUUID();
    private static final UUID C = UUID.randomUUID();
    private static final UUID LATE = UUID.randomUUID();
    private static final String HISTORY = "/v1/chats/" + CHAT + "/messages";

    private HikariDataSource pool;
    private IngestServer server;
    private TestApi api;

    @BeforeAll
    void start(KafkaTestContext kafka, PostgresTestDatabase db) throws Exception {
        new Migrator(MigrationSettings.of(db.jdbcUrl(), db.user(), db.password())).up();
        try (Connection c = db.connect()) {
            ReadRows rows = new ReadRows(c);
            rows.chat(CHAT, A, 25);
            rows.member(CHAT, A, 0, 25, 25);
            rows.member(CHAT, B, 0, 15, 5);
            rows.member(CHAT, C, 0, 0, 0);
            rows.member(CHAT, LATE, 12, 0, 0);
            for (long seq = 1; seq <= 25; seq++) {
                rows.message(CHAT, seq % 2 == 1 ? A : B, seq, seq == 7 ? "Lunch at the Café? bring the Blue umbrella"
                        : seq == 19 ? "where is my umbrella" : "message number " + seq);
            }
            rows.receipt(CHAT, B, "delivered", 10, 0, ReadRows.at(40));
            rows.receipt(CHAT, B, "read", 5, 0, ReadRows.at(50));
            rows.receipt(CHAT, B, "delivered", 15, 10, ReadRows.at(100));
            rows.unread(B, CHAT, 10, 5, 25);
            rows.unread(B, OTHER_CHAT, 3, 0, 3);
        }
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        pool = DatabasePool.create(db.jdbcUrl(), db.user(), db.password(), 4, registry);
        kafka.createTopics(1, "chat-events.in", "receipts.in");
        server = new IngestServer(IngestSettings.defaults(TestApi.KEYS).withHost("127.0.0.1").withPort(0),
                new Topics(kafka.topicPrefix(), new EventCodec(EventLimits.defaults())),
                Map.of("bootstrap.servers", kafka.bootstrapServers()), registry, Optional.of(new ReadApi(pool)));
        server.start();
        api = new TestApi(server.port());
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.stop();
        }
        if (pool != null) {
            pool.close();
        }
    }

    private JsonNode ok(String path) {
        TestApi.Response r = api.get(path, TestApi.READER_KEY);
        assertThat(r.status()).as(path + " -> " + r).isEqualTo(200);
        assertThat(r.header("Content-Type")).startsWith("application/json");
        // Sized, not chunked: the body goes out in one write with its head.
        assertThat(r.header("Content-Length")).isEqualTo(
                Integer.toString(r.raw().body().getBytes(java.nio.charset.StandardCharsets.UTF_8).length));
        return r.json();
    }

    private static List<Long> seqs(JsonNode answer) {
        List<Long> seqs = new ArrayList<>();
        answer.get("messages").forEach(m -> seqs.add(m.get("seq").asLong()));
        return seqs;
    }

    @Test
    @DisplayName("a history page is newest first, with the event field names and ISO-8601 UTC times")
    void newestPage() {
        JsonNode page = ok(HISTORY);

        assertThat(seqs(page)).hasSize(25).isSortedAccordingTo((x, y) -> Long.compare(y, x)).startsWith(25L, 24L);
        assertThat(page.get("nextBefore").isNull()).isTrue();
        JsonNode m = page.get("messages").get(0);
        assertThat(m.fieldNames()).toIterable().containsExactly("messageId", "chatId", "seq", "senderId",
                "clientMessageId", "content", "sentAt", "acceptedAt", "persistedAt");
        assertThat(m.get("messageId").asText()).isEqualTo(ReadRows.messageId(A, CHAT, 25).toString());
        assertThat(m.get("chatId").asText()).isEqualTo(CHAT.toString());
        assertThat(m.get("senderId").asText()).isEqualTo(A.toString());
        assertThat(m.get("clientMessageId").asText()).isEqualTo(ReadRows.clientMessageId(CHAT, 25));
        assertThat(m.get("content").asText()).isEqualTo("message number 25");
        assertThat(m.get("sentAt").asText()).isEqualTo("2025-01-01T00:00:25Z");
        assertThat(m.get("acceptedAt").asText()).isEqualTo("2025-01-01T00:00:26Z");
        assertThat(m.get("persistedAt").asText()).endsWith("Z");
        assertThat(ok(HISTORY + "?before=8").get("messages").get(0).get("content").asText())
                .isEqualTo("Lunch at the Café? bring the Blue umbrella");
    }

    @Test
    @DisplayName("paging backwards with nextBefore visits every message once, down to the first")
    void pagesBackwards() {
        JsonNode first = ok(HISTORY + "?limit=10");
        assertThat(seqs(first)).containsExactly(25L, 24L, 23L, 22L, 21L, 20L, 19L, 18L, 17L, 16L);
        assertThat(first.get("nextBefore").asLong()).isEqualTo(16);

        JsonNode second = ok(HISTORY + "?limit=10&before=" + first.get("nextBefore").asLong());
        assertThat(seqs(second)).containsExactly(15L, 14L, 13L, 12L, 11L, 10L, 9L, 8L, 7L, 6L);
        assertThat(second.get("nextBefore").asLong()).isEqualTo(6);

        JsonNode last = ok(HISTORY + "?limit=10&before=6");
        assertThat(seqs(last)).containsExactly(5L, 4L, 3L, 2L, 1L);
        assertThat(last.get("nextBefore").isNull()).isTrue();
    }

    @Test
    @DisplayName("after catches up from a seq (still newest first); before and after bound a range")
    void afterAndRange() {
        assertThat(seqs(ok(HISTORY + "?after=20"))).containsExactly(25L, 24L, 23L, 22L, 21L);
        assertThat(seqs(ok(HISTORY + "?after=9&limit=3"))).containsExactly(12L, 11L, 10L);
        JsonNode range = ok(HISTORY + "?before=16&after=9&limit=4");
        assertThat(seqs(range)).containsExactly(15L, 14L, 13L, 12L);
        assertThat(range.get("nextBefore").asLong()).isEqualTo(12);
        assertThat(seqs(ok(HISTORY + "?after=25"))).isEmpty();
        assertThat(seqs(ok("/v1/chats/" + UUID.randomUUID() + "/messages"))).isEmpty();
    }

    @Test
    @DisplayName("search finds words case-insensitively within the chat, newest first; a miss is an empty list")
    void search() {
        assertThat(seqs(ok(HISTORY + "/search?q=umbrella"))).containsExactly(19L, 7L);
        assertThat(seqs(ok(HISTORY + "/search?q=UMBRELLA&limit=1"))).containsExactly(19L);
        assertThat(seqs(ok(HISTORY + "/search?q=%22blue+umbrella%22"))).containsExactly(7L);
        assertThat(seqs(ok(HISTORY + "/search?q=umbrella+-blue"))).containsExactly(19L);
        assertThat(seqs(ok(HISTORY + "/search?q=zebra"))).isEmpty();
        assertThat(seqs(ok("/v1/chats/" + UUID.randomUUID() + "/messages/search?q=umbrella"))).isEmpty();
        JsonNode hit = ok(HISTORY + "/search?q=lunch").get("messages").get(0);
        assertThat(hit.get("messageId").asText()).isEqualTo(ReadRows.messageId(A, CHAT, 7).toString());
    }

    @Test
    @DisplayName("receipts: per recipient (members at the time, not the sender) read, delivered or sent, and when")
    void receipts() {
        UUID five = ReadRows.messageId(A, CHAT, 5);
        JsonNode r = ok(HISTORY + "/" + five + "/receipts");
        assertThat(r.get("messageId").asText()).isEqualTo(five.toString());
        assertThat(r.get("chatId").asText()).isEqualTo(CHAT.toString());
        assertThat(r.get("seq").asLong()).isEqualTo(5);
        assertThat(r.get("senderId").asText()).isEqualTo(A.toString());
        Map<String, JsonNode> byUser = recipients(r);
        assertThat(byUser).containsOnlyKeys(B.toString(), C.toString());
        assertThat(byUser.get(B.toString()).get("status").asText()).isEqualTo("read");
        assertThat(byUser.get(B.toString()).get("deliveredAt").asText()).isEqualTo("2025-01-01T00:00:40Z");
        assertThat(byUser.get(B.toString()).get("readAt").asText()).isEqualTo("2025-01-01T00:00:50Z");
        assertThat(byUser.get(C.toString()).get("status").asText()).isEqualTo("sent");
        assertThat(byUser.get(C.toString()).get("deliveredAt").isNull()).isTrue();
        assertThat(byUser.get(C.toString()).get("readAt").isNull()).isTrue();

        Map<String, JsonNode> fifteen = recipients(ok(HISTORY + "/" + ReadRows.messageId(A, CHAT, 15) + "/receipts"));
        assertThat(fifteen).containsOnlyKeys(B.toString(), C.toString(), LATE.toString());
        assertThat(fifteen.get(B.toString()).get("status").asText()).isEqualTo("delivered");
        assertThat(fifteen.get(B.toString()).get("deliveredAt").asText()).isEqualTo("2025-01-01T00:01:40Z");
        assertThat(fifteen.get(B.toString()).get("readAt").isNull()).isTrue();
        assertThat(fifteen.get(LATE.toString()).get("status").asText()).isEqualTo("sent");
    }

    @Test
    @DisplayName("receipts of an unknown message, or of a message under another chat, are 404 problems")
    void receiptsNotFound() {
        TestApi.Response unknown = api.get(HISTORY + "/" + UUID.randomUUID() + "/receipts", TestApi.READER_KEY);
        TestApi.Response elsewhere = api.get("/v1/chats/" + OTHER_CHAT + "/messages/" + ReadRows.messageId(A, CHAT, 5)
                + "/receipts", TestApi.READER_KEY);
        for (TestApi.Response r : List.of(unknown, elsewhere)) {
            assertThat(r.status()).as(r.toString()).isEqualTo(404);
            assertThat(r.header("Content-Type")).startsWith("application/problem+json");
            assertThat(r.json().get("type").asText()).isEqualTo("urn:courier:problem:not_found");
        }
    }

    @Test
    @DisplayName("unread: the total and one entry per chat; a user without counts has total 0")
    void unread() {
        JsonNode b = ok("/v1/users/" + B + "/unread");
        assertThat(b.get("total").asLong()).isEqualTo(13);
        Map<String, JsonNode> chats = new HashMap<>();
        b.get("chats").forEach(c -> chats.put(c.get("chatId").asText(), c));
        assertThat(chats).containsOnlyKeys(CHAT.toString(), OTHER_CHAT.toString());
        assertThat(chats.get(CHAT.toString()).get("unread").asLong()).isEqualTo(10);
        assertThat(chats.get(CHAT.toString()).get("lastReadSeq").asLong()).isEqualTo(5);
        assertThat(chats.get(OTHER_CHAT.toString()).get("unread").asLong()).isEqualTo(3);

        JsonNode nobody = ok("/v1/users/" + UUID.randomUUID() + "/unread");
        assertThat(nobody.get("total").asLong()).isZero();
        assertThat(nobody.get("chats")).isEmpty();
    }

    @Test
    @DisplayName("bad parameters: one 400 problem naming every bad field")
    void badParameters() {
        assertThat(badFields(HISTORY + "?limit=0&before=abc")).containsExactlyInAnyOrder("query.before", "query.limit");
        assertThat(badFields("/v1/chats/nope/messages?limit=201&after=-1&before=0"))
                .containsExactlyInAnyOrder("path.chatId", "query.before", "query.after", "query.limit");
        assertThat(badFields(HISTORY + "?before=5&after=5")).containsExactly("query.after");
        assertThat(badFields(HISTORY + "/search?limit=x")).containsExactlyInAnyOrder("query.q", "query.limit");
        assertThat(badFields(HISTORY + "/search?q=%20%20")).containsExactly("query.q");
        assertThat(badFields(HISTORY + "/search?q=" + "a".repeat(257))).containsExactly("query.q");
        assertThat(badFields("/v1/chats/x/messages/y/receipts")).containsExactly("path.chatId", "path.messageId");
        assertThat(badFields("/v1/users/1-2-3-4-5/unread")).containsExactly("path.userId");
    }

    @Test
    @DisplayName(".../messages/search and .../messages/{messageId}/receipts are told apart")
    void routeMatching() {
        assertThat(ok(HISTORY + "/search?q=umbrella").has("messages")).isTrue();
        assertThat(badFields(HISTORY + "/search/receipts")).containsExactly("path.messageId");
        TestApi.Response bare = api.get(HISTORY + "/" + ReadRows.messageId(A, CHAT, 5), TestApi.READER_KEY);
        assertThat(bare.status()).isEqualTo(404);
    }

    @Test
    @DisplayName("read routes need a key (401) with the read scope: a produce-only key gets 403, admin passes")
    void auth() {
        List<String> paths = List.of(HISTORY, HISTORY + "/search?q=umbrella",
                HISTORY + "/" + ReadRows.messageId(A, CHAT, 5) + "/receipts", "/v1/users/" + B + "/unread");
        for (String path : paths) {
            assertThat(api.get(path, null).status()).as(path).isEqualTo(401);
            assertThat(api.get(path, "unknown-key").status()).as(path).isEqualTo(401);
            TestApi.Response producer = api.get(path, TestApi.PRODUCER_KEY);
            assertThat(producer.status()).as(path).isEqualTo(403);
            assertThat(producer.header("Content-Type")).startsWith("application/problem+json");
            assertThat(api.get(path, TestApi.ADMIN_KEY).status()).as(path).isEqualTo(200);
        }
    }

    @Test
    @DisplayName("/openapi.json documents the read paths, and documented and registered routes agree")
    void openApi() {
        assertThat(server.routes()).isEqualTo(server.documentedOperations());
        JsonNode doc = api.get("/openapi.json", null).json();
        assertThat(doc.get("paths").fieldNames()).toIterable().contains("/v1/chats/{chatId}/messages/search",
                "/v1/chats/{chatId}/messages/{messageId}/receipts", "/v1/users/{userId}/unread");
        assertThat(doc.at("/paths/~1v1~1chats~1{chatId}~1messages").has("get")).isTrue();
        assertThat(doc.at("/paths/~1v1~1chats~1{chatId}~1messages").has("post")).isTrue();
        assertThat(doc.at("/components/schemas/HistoryPage/properties/nextBefore").isMissingNode()).isFalse();
    }

    @Test
    @DisplayName("the read pool's HikariCP meters and the read routes' request meters are on /metrics")
    void metrics() {
        ok("/v1/users/" + B + "/unread");
        String metrics = api.get("/metrics", null).body();
        assertThat(metrics).contains("hikaricp_connections_max").contains("/v1/users/{userId}/unread");
    }

    private List<String> badFields(String path) {
        TestApi.Response r = api.get(path, TestApi.READER_KEY);
        assertThat(r.status()).as(path + " -> " + r).isEqualTo(400);
        assertThat(r.header("Content-Type")).startsWith("application/problem+json");
        return BadInputTest.fields(r.json());
    }

    private static Map<String, JsonNode> recipients(JsonNode receipts) {
        Map<String, JsonNode> byUser = new HashMap<>();
        receipts.get("recipients").forEach(r -> byUser.put(r.get("userId").asText(), r));
        return byUser;
    }
}
