package dev.courier.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every rejected request: RFC 9457 problem+json naming every bad field, and nothing published. */
class BadInputTest {

    private static final String CHAT = "0b0e9a52-1a53-4c0e-9a43-6f2d7a1c9e01";
    private static final String ALICE = "5a1f0c3e-2b4d-4e6f-8a9b-0c1d2e3f4a5b";
    private static final String MESSAGES = "/v1/chats/" + CHAT + "/messages";

    private static MockGateway gateway;

    @BeforeAll
    static void start() {
        gateway = new MockGateway(true, IngestSettings.defaults(TestApi.KEYS).withHost("127.0.0.1").withPort(0)
                .withLimits(new dev.courier.events.EventLimits(64)).withMaxBatchItems(3), Optional.empty());
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @BeforeEach
    void clear() {
        gateway.producer.clear();
    }

    static Stream<Arguments> badRequests() {
        return Stream.of(
                bad("not JSON", MESSAGES, "hello", "malformed_json", null),
                bad("truncated JSON", MESSAGES, "{\"senderId\":", "malformed_json", null),
                bad("trailing garbage", MESSAGES, "{} {}", "malformed_json", null),
                bad("empty body", MESSAGES, "", "malformed_json", null),
                bad("duplicate field", MESSAGES, "{\"content\":\"a\",\"content\":\"b\"}", "malformed_json", null),
                bad("a JSON array", MESSAGES, "[1]", "invalid_fields", "body"),
                bad("JSON null", MESSAGES, "null", "invalid_fields", "body"),
                bad("unknown field", MESSAGES, msg("\"hi\"") .replace("}", ",\"priority\":1}"), "invalid_fields", "priority"),
                bad("messageId may not be given", MESSAGES, msg("\"hi\"").replace("}", ",\"messageId\":\"" + CHAT + "\"}"),
                        "invalid_fields", "messageId"),
                bad("chatId in the body", MESSAGES, msg("\"hi\"").replace("}", ",\"chatId\":\"" + CHAT + "\"}"),
                        "invalid_fields", "chatId"),
                bad("non-UUID chat in the path", "/v1/chats/chat-1/messages", msg("\"hi\""), "invalid_fields", "path.chatId"),
                bad("short-form UUID in the path", "/v1/chats/1-2-3-4-5/messages", msg("\"hi\""), "invalid_fields", "path.chatId"),
                bad("missing sender", MESSAGES, "{\"clientMessageId\":\"c\",\"content\":\"hi\"}", "invalid_fields", "senderId"),
                bad("sender of the wrong type", MESSAGES, "{\"senderId\":7,\"clientMessageId\":\"c\",\"content\":\"hi\"}",
                        "invalid_fields", "senderId"),
                bad("empty content", MESSAGES, msg("\"   \""), "invalid_fields", "content"),
                bad("content over the limit", MESSAGES, msg("\"" + "x".repeat(65) + "\""), "invalid_fields", "content"),
                bad("content as a number", MESSAGES, msg("12"), "invalid_fields", "content"),
                bad("client message id too long", MESSAGES, "{\"senderId\":\"" + ALICE + "\",\"clientMessageId\":\""
                        + "c".repeat(129) + "\",\"content\":\"hi\"}", "invalid_fields", "clientMessageId"),
                bad("bad sentAt", MESSAGES, msg("\"hi\"").replace("}", ",\"sentAt\":\"yesterday\"}"), "invalid_fields", "sentAt"),
                bad("sentAt past year 9999", MESSAGES, msg("\"hi\"").replace("}", ",\"sentAt\":\"+100000-01-01T00:00:00Z\"}"),
                        "invalid_fields", "sentAt"),
                bad("batch item sentAt past year 9999", "/v1/messages:batch", "{\"messages\":[{\"chatId\":\"" + CHAT + "\",\"senderId\":\""
                        + ALICE + "\",\"clientMessageId\":\"c\",\"content\":\"hi\",\"sentAt\":\"+10000-01-01T00:00:00Z\"}]}",
                        "invalid_fields", "messages[0].sentAt"),
                bad("receipt of an unknown kind", "/v1/chats/" + CHAT + "/receipts",
                        "{\"userId\":\"" + ALICE + "\",\"kind\":\"seen\",\"upToSeq\":3}", "invalid_fields", "kind"),
                bad("receipt up to seq 0", "/v1/chats/" + CHAT + "/receipts",
                        "{\"userId\":\"" + ALICE + "\",\"kind\":\"read\",\"upToSeq\":0}", "invalid_fields", "upToSeq"),
                bad("receipt up to a fractional seq", "/v1/chats/" + CHAT + "/receipts",
                        "{\"userId\":\"" + ALICE + "\",\"kind\":\"read\",\"upToSeq\":1.5}", "invalid_fields", "upToSeq"),
                bad("receipt up to a seq beyond a long", "/v1/chats/" + CHAT + "/receipts",
                        "{\"userId\":\"" + ALICE + "\",\"kind\":\"read\",\"upToSeq\":99999999999999999999}", "invalid_fields", "upToSeq"),
                bad("chat of an unknown type", "/v1/chats", "{\"type\":\"channel\",\"createdBy\":\"" + ALICE + "\",\"members\":[]}",
                        "invalid_fields", "type"),
                bad("chat without type", "/v1/chats", "{\"createdBy\":\"" + ALICE + "\",\"members\":[]}", "invalid_fields", "type"),
                bad("chat with a bad member", "/v1/chats", "{\"type\":\"group\",\"createdBy\":\"" + ALICE + "\",\"members\":[\"x\"]}",
                        "invalid_fields", "members[0]"),
                bad("join without user", "/v1/chats/" + CHAT + "/members", "{}", "invalid_fields", "userId"),
                bad("leave with a bad user", "/v1/chats/" + CHAT + "/members/nobody", null, "invalid_fields", "path.userId"),
                bad("batch that is not a list", "/v1/messages:batch", "{\"messages\":{}}", "invalid_fields", "messages"),
                bad("empty batch", "/v1/messages:batch", "{\"messages\":[]}", "invalid_fields", "messages"),
                bad("batch over the limit", "/v1/messages:batch", "{\"messages\":[{},{},{},{}]}", "batch_too_large", "messages"),
                bad("batch item that is not an object", "/v1/messages:batch", "{\"messages\":[\"hi\"]}", "invalid_fields", "messages[0]"));
    }

    private static String msg(String content) {
        return "{\"senderId\":\"" + ALICE + "\",\"clientMessageId\":\"c-1\",\"content\":" + content + "}";
    }

    private static Arguments bad(String name, String path, String body, String reason, String field) {
        return Arguments.of(name, path, body, reason, field);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRequests")
    @DisplayName("a bad request answers 400 problem+json naming the field, and publishes nothing")
    void rejects(String name, String path, String body, String reason, String field) {
        TestApi.Response r = body == null ? gateway.api.delete(path) : gateway.api.post(path, body);

        assertThat(r.status()).as(r.toString()).isEqualTo(400);
        assertThat(r.header("Content-Type")).startsWith("application/problem+json");
        JsonNode p = r.json();
        assertThat(p.get("type").asText()).isEqualTo("urn:courier:problem:" + reason);
        assertThat(p.get("status").asInt()).isEqualTo(400);
        assertThat(p.get("title").asText()).isNotBlank();
        assertThat(p.get("detail").asText()).isNotBlank();
        assertThat(p.get("instance").asText()).isEqualTo(path);
        if (field != null) {
            assertThat(fields(p)).as(r.toString()).contains(field);
        }
        assertThat(gateway.published()).isEmpty();
    }

    @Test
    @DisplayName("a body declared as something other than JSON answers 415 naming the type, and publishes nothing")
    void notJson() {
        for (String type : List.of("application/x-www-form-urlencoded", "text/plain", "application/xml")) {
            TestApi.Response r = gateway.api.send(gateway.api.request(MESSAGES, TestApi.PRODUCER_KEY)
                    .header("Content-Type", type).POST(java.net.http.HttpRequest.BodyPublishers.ofString(msg("\"hi\""))));
            assertThat(r.status()).as(r.toString()).isEqualTo(415);
            assertThat(r.json().get("type").asText()).isEqualTo("urn:courier:problem:unsupported_media_type");
            assertThat(r.json().get("detail").asText()).isEqualTo("Content-Type must be application/json, was '" + type + "'");
        }
        TestApi.Response json = gateway.api.send(gateway.api.request(MESSAGES, TestApi.PRODUCER_KEY)
                .header("Content-Type", "application/json; charset=utf-8").POST(java.net.http.HttpRequest.BodyPublishers.ofString(msg("\"hi\""))));
        assertThat(json.status()).as(json.toString()).isEqualTo(202);
        assertThat(gateway.published()).hasSize(1);
    }

    @Test
    @DisplayName("every bad field is listed, not just the first")
    void listsEveryField() {
        TestApi.Response r = gateway.api.post("/v1/chats/nope/messages",
                "{\"senderId\":\"x\",\"content\":\"\",\"extra\":true,\"sentAt\":5}");

        assertThat(r.status()).isEqualTo(400);
        assertThat(fields(r.json())).containsExactlyInAnyOrder(
                "extra", "path.chatId", "senderId", "clientMessageId", "content", "sentAt");
        assertThat(r.json().get("detail").asText()).isEqualTo("6 fields are invalid; see errors");
    }

    @Test
    @DisplayName("a batch with some bad items is rejected whole, naming each bad item's fields by index; nothing is published")
    void batchIsAllOrNothing() {
        String good = "{\"chatId\":\"" + CHAT + "\",\"senderId\":\"" + ALICE + "\",\"clientMessageId\":\"a\",\"content\":\"ok\"}";
        String badContent = good.replace("\"ok\"", "\"\"");
        String badChat = good.replace(CHAT, "c");

        TestApi.Response r = gateway.api.post("/v1/messages:batch", "{\"messages\":[" + good + "," + badContent + "," + badChat + "]}");

        assertThat(r.status()).as(r.toString()).isEqualTo(400);
        assertThat(fields(r.json())).containsExactly("messages[1].content", "messages[2].chatId");
        assertThat(gateway.published()).isEmpty();
    }

    @Test
    @DisplayName("a body over the endpoint's byte limit answers 413 problem+json")
    void tooLarge() {
        TestApi.Response r = gateway.api.post("/v1/chats/" + CHAT + "/receipts", "{\"userId\":\"" + "x".repeat(20_000) + "\"}");

        assertThat(r.status()).as(r.toString()).isEqualTo(413);
        assertThat(r.header("Content-Type")).startsWith("application/problem+json");
        assertThat(r.json().get("type").asText()).isEqualTo("urn:courier:problem:body_too_large");
        assertThat(gateway.published()).isEmpty();
    }

    @Test
    @DisplayName("an unknown route and a wrong method answer problem+json too")
    void unknownRoutes() {
        TestApi.Response notFound = gateway.api.post("/v1/nothing-here", "{}");
        TestApi.Response wrongMethod = gateway.api.get("/v1/messages:batch", TestApi.ADMIN_KEY);
        TestApi.Response outside = gateway.api.get("/nothing", null);

        assertThat(notFound.status()).as(notFound.toString()).isEqualTo(404);
        assertThat(notFound.header("Content-Type")).startsWith("application/problem+json");
        assertThat(wrongMethod.status()).as(wrongMethod.toString()).isIn(404, 405);
        assertThat(wrongMethod.header("Content-Type")).startsWith("application/problem+json");
        assertThat(outside.status()).isEqualTo(404);
        assertThat(outside.header("Content-Type")).startsWith("application/problem+json");
    }

    static List<String> fields(JsonNode problem) {
        List<String> fields = new ArrayList<>();
        problem.path("errors").forEach(e -> fields.add(e.get("field").asText()));
        return fields;
    }

    @SuppressWarnings("unused")
    private static String uuid() {
        return UUID.randomUUID().toString();
    }
}
