package dev.courier.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.courier.ingest.read.ReadApi;
import dev.courier.persistence.DatabasePool;
import dev.courier.testkit.PostgresDatabaseExtension;
import dev.courier.testkit.PostgresTestDatabase;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** What the read API answers when the database fails: 503 + Retry-After when it is unreachable, 500 otherwise. */
@ExtendWith(PostgresDatabaseExtension.class)
class ReadApiFailuresIT {

    private static final String CHAT = "/v1/chats/" + UUID.randomUUID();
    private static final List<String> PATHS = List.of(CHAT + "/messages", CHAT + "/messages/search?q=hi",
            CHAT + "/messages/" + UUID.randomUUID() + "/receipts", "/v1/users/" + UUID.randomUUID() + "/unread");

    @Test
    @DisplayName("an unreachable database: 503 problem with Retry-After on every read route")
    void unreachable() {
        DatabasePool.Settings settings = DatabasePool.Settings.of("jdbc:postgresql://127.0.0.1:1/none", "postgres", "", 2)
                .withConnectionTimeout(Duration.ofMillis(250));
        try (HikariDataSource pool = DatabasePool.create(settings, new SimpleMeterRegistry());
             MockGateway gateway = gateway(pool)) {
            for (String path : PATHS) {
                TestApi.Response r = gateway.api.get(path, TestApi.READER_KEY);
                assertThat(r.status()).as(path + " -> " + r).isEqualTo(503);
                assertThat(r.header("Retry-After")).isEqualTo("2");
                assertThat(r.header("Content-Type")).startsWith("application/problem+json");
                assertThat(r.body()).doesNotContain("jdbc:").doesNotContain("127.0.0.1:1");
            }
        }
    }

    @Test
    @DisplayName("a query the database rejects (here: no schema): 500 problem without the SQL error")
    void databaseError(PostgresTestDatabase db) {
        try (HikariDataSource pool = DatabasePool.create(db.jdbcUrl(), db.user(), db.password(), 2, new SimpleMeterRegistry());
             MockGateway gateway = gateway(pool)) {
            for (String path : PATHS) {
                TestApi.Response r = gateway.api.get(path, TestApi.READER_KEY);
                assertThat(r.status()).as(path + " -> " + r).isEqualTo(500);
                assertThat(r.header("Content-Type")).startsWith("application/problem+json");
                assertThat(r.header("Retry-After")).isNull();
                assertThat(r.json().get("type").asText()).isEqualTo("urn:courier:problem:database_error");
                assertThat(r.body()).doesNotContain("relation").doesNotContain("SELECT").doesNotContain("42P01");
            }
        }
    }

    private static MockGateway gateway(HikariDataSource pool) {
        return new MockGateway(true, IngestSettings.defaults(TestApi.KEYS).withHost("127.0.0.1").withPort(0),
                Optional.of(new ReadApi(pool)));
    }
}
