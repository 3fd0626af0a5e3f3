package dev.courier.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.courier.ingest.read.ReadApi;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/** Keys and scopes on the write routes and on the read API's routes. */
class AuthTest {

    private static final String MESSAGE = "{\"senderId\":\"" + UUID.randomUUID() + "\",\"clientMessageId\":\"c\",\"content\":\"hi\"}";
    private static final String MESSAGES = "/v1/chats/" + UUID.randomUUID() + "/messages";

    /** The read API over a database that refuses every connection: a request that passes auth answers 503. */
    static ReadApi unreachableReadApi() {
        PGSimpleDataSource refused = new PGSimpleDataSource();
        refused.setUrl("jdbc:postgresql://127.0.0.1:1/none");
        refused.setConnectTimeout(1);
        return new ReadApi(refused);
    }

    private static MockGateway gateway;

    @BeforeAll
    static void start() {
        gateway = new MockGateway(true, IngestSettings.defaults(TestApi.KEYS).withHost("127.0.0.1").withPort(0), Optional.of(unreachableReadApi()));
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @Test
    @DisplayName("no key, a malformed header or an unknown key: 401 with WWW-Authenticate, nothing published")
    void unauthenticated() {
        TestApi.Response none = gateway.api.post(MESSAGES, MESSAGE, null);
        TestApi.Response unknown = gateway.api.post(MESSAGES, MESSAGE, "not-a-key");
        TestApi.Response basic = gateway.api.send(gateway.api.request(MESSAGES, null)
                .header("Authorization", "Basic " + TestApi.PRODUCER_KEY)
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(MESSAGE)));

        for (TestApi.Response r : List.of(none, unknown, basic)) {
            assertThat(r.status()).as(r.toString()).isEqualTo(401);
            assertThat(r.header("WWW-Authenticate")).startsWith("Bearer realm=\"courier\"");
            assertThat(r.header("Content-Type")).startsWith("application/problem+json");
            assertThat(r.body()).doesNotContain(TestApi.PRODUCER_KEY).doesNotContain("not-a-key");
        }
        assertThat(unknown.header("WWW-Authenticate")).contains("error=\"invalid_token\"");
        assertThat(gateway.published()).isEmpty();
    }

    @Test
    @DisplayName("an unknown /v1 path without a key is 401, not 404: nothing under /v1 is open")
    void unknownPathNeedsKey() {
        assertThat(gateway.api.get("/v1/anything", null).status()).isEqualTo(401);
    }

    @Test
    @DisplayName("a read-only key cannot write (403); a produce key can; admin can do everything")
    void scopes() {
        TestApi.Response reader = gateway.api.post(MESSAGES, MESSAGE, TestApi.READER_KEY);
        assertThat(reader.status()).as(reader.toString()).isEqualTo(403);
        assertThat(reader.header("Content-Type")).startsWith("application/problem+json");
        assertThat(reader.header("WWW-Authenticate")).contains("insufficient_scope");

        assertThat(gateway.api.post(MESSAGES, MESSAGE, TestApi.PRODUCER_KEY).status()).isEqualTo(202);
        assertThat(gateway.api.post(MESSAGES, MESSAGE, TestApi.ADMIN_KEY).status()).isEqualTo(202);
    }

    @Test
    @DisplayName("read routes get the same auth: read scope and admin pass (to a database that is down: 503), produce scope is 403, no key 401")
    void readRoutes() {
        String path = "/v1/users/" + UUID.randomUUID() + "/unread";

        TestApi.Response passed = gateway.api.get(path, TestApi.READER_KEY);
        assertThat(passed.status()).as(passed.toString()).isEqualTo(503);
        assertThat(passed.header("Retry-After")).isNotNull();
        assertThat(gateway.api.get(path, TestApi.ADMIN_KEY).status()).isEqualTo(503);
        assertThat(gateway.api.get(path, TestApi.PRODUCER_KEY).status()).isEqualTo(403);
        assertThat(gateway.api.get(path, null).status()).isEqualTo(401);
        assertThat(gateway.api.get("/v1/ops/lag", TestApi.READER_KEY).status()).isEqualTo(403);
    }

    @Test
    @DisplayName("read routes answer problem+json through the same helpers: 400 naming every bad parameter, 503 with Retry-After")
    void readRouteProblems() {
        TestApi.Response bad = gateway.api.get("/v1/chats/x/messages?limit=500", TestApi.READER_KEY);
        assertThat(bad.status()).isEqualTo(400);
        assertThat(BadInputTest.fields(bad.json())).containsExactly("path.chatId", "query.limit");

        TestApi.Response lag = gateway.api.get("/v1/ops/lag", TestApi.ADMIN_KEY); // no lag sampler in this gateway
        assertThat(lag.status()).isEqualTo(503);
        assertThat(lag.header("Retry-After")).isEqualTo("5");
    }

    @Test
    @DisplayName("health, metrics and the OpenAPI document are open")
    void openEndpoints() {
        assertThat(gateway.api.get("/health/live", null).status()).isEqualTo(200);
        assertThat(gateway.api.get("/health/ready", null).status()).isEqualTo(200);
        assertThat(gateway.api.get("/metrics", null).status()).isEqualTo(200);
        assertThat(gateway.api.get("/openapi.json", null).status()).isEqualTo(200);
    }

    @Test
    @DisplayName("every registered route, read routes included, is in /openapi.json, and every documented operation is registered")
    void openApiMatchesRoutes() {
        assertThat(gateway.server.routes()).isEqualTo(gateway.server.documentedOperations());
        assertThat(gateway.server.routes()).contains("POST /v1/messages:batch", "GET /v1/users/{userId}/unread",
                "DELETE /v1/chats/{chatId}/members/{userId}", "GET /openapi.json");
        String served = gateway.api.get("/openapi.json", null).body();
        assertThat(served).contains("\"openapi\" : \"3.1.0\"").contains("/v1/ops/lag");
    }
}
