package dev.courier.persistence;

import static dev.courier.persistence.Fixtures.count;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.courier.testkit.KafkaExtension;
import dev.courier.testkit.KafkaTestContext;
import dev.courier.testkit.PostgresDatabaseExtension;
import dev.courier.testkit.PostgresTestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * PostgreSQL unavailable mid-run: the sink's backends are terminated and new connections refused for a while
 * ({@code ALLOW_CONNECTIONS false}), while producers keep going. The sink reports not-ready, retries, and when the
 * database is back it catches up with nothing lost and nothing written twice.
 */
@ExtendWith({KafkaExtension.class, PostgresDatabaseExtension.class})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SinkOutageIT {

    private static final int CHATS = 50;
    private static final int MESSAGES_PER_CHAT = 60;

    private final SinkHarness harness;

    // One instance for the class (PER_CLASS), so one harness: its topics, pool and producer are built once.
    SinkOutageIT(KafkaTestContext kafka, PostgresTestDatabase db) {
        harness = new SinkHarness(kafka, db);
    }

    @AfterAll
    void close() {
        harness.close();
    }

    @Test
    @DisplayName("a database outage makes the sink not-ready; afterwards nothing is lost or doubled")
    void outage() {
        List<UUID> chats = new ArrayList<>();
        UUID a = UUID.randomUUID(), b = UUID.randomUUID();
        for (int i = 0; i < CHATS; i++) {
            UUID c = UUID.randomUUID();
            chats.add(c);
            harness.send(harness.topics.chatLog(), c.toString(), Fixtures.chat(c, a, b));
        }
        int half = MESSAGES_PER_CHAT / 2;
        produce(chats, a, 2, half + 1);
        Sink sink = harness.sink(SinkHarness.settings().withConsumerGroup("outage"), Map.of());
        sink.start();
        await().atMost(Duration.ofSeconds(60)).until(() -> count(harness.db, "SELECT count(*) FROM messages")
                == (long) CHATS * half);
        assertThat(sink.isReady()).isTrue();

        onServer("ALTER DATABASE " + harness.db.name() + " ALLOW_CONNECTIONS false");
        onServer("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + harness.db.name() + "'");
        try {
            produce(chats, a, half + 2, MESSAGES_PER_CHAT + 1); // arrives while the database is away
            await().atMost(Duration.ofSeconds(30)).until(() -> !sink.isReady());
            await().atMost(Duration.ofSeconds(30)).until(() -> harness.counter("courier.sink.retries") >= 3);
            assertThat(sink.isReady()).isFalse();
        } finally {
            onServer("ALTER DATABASE " + harness.db.name() + " ALLOW_CONNECTIONS true");
        }
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(harness.storedOffsets("outage")).isEqualTo(SinkHarness.nonEmpty(harness.endOffsets())));
        await().atMost(Duration.ofSeconds(10)).until(sink::isReady);
        assertThat(count(harness.db, "SELECT count(*) FROM messages")).isEqualTo((long) CHATS * MESSAGES_PER_CHAT);
        assertThat(harness.counter("courier.sink.records")).isEqualTo(CHATS + CHATS * MESSAGES_PER_CHAT);
    }

    private void produce(List<UUID> chats, UUID sender, int fromSeq, int toSeq) {
        for (int seq = fromSeq; seq <= toSeq; seq++) {
            for (UUID c : chats) {
                harness.send(harness.topics.chatLog(), c.toString(), Fixtures.message(c, sender, seq, "m" + seq));
            }
        }
        harness.flush();
    }

    private void onServer(String sql) {
        String url = harness.db.jdbcUrl().replace("/" + harness.db.name(), "/postgres");
        try (Connection c = DriverManager.getConnection(url, harness.db.user(), harness.db.password());
             Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }
}
