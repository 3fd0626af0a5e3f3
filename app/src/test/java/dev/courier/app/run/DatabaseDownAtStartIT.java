package dev.courier.app.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.courier.app.config.ConfigLoader;
import dev.courier.app.config.CourierConfig;
import dev.courier.app.kafka.TopicCreator;
import dev.courier.events.EventCodec;
import dev.courier.events.Topics;
import dev.courier.testkit.KafkaExtension;
import dev.courier.testkit.KafkaTestContext;
import dev.courier.testkit.PostgresDatabaseExtension;
import dev.courier.testkit.PostgresTestDatabase;
import dev.courier.testkit.TcpGate;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Writes only need Kafka: a process with the sink starts and takes writes while PostgreSQL cannot be reached. */
@ExtendWith({KafkaExtension.class, PostgresDatabaseExtension.class})
class DatabaseDownAtStartIT {

    private static final String KEY = "db-down-admin";

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    @DisplayName("with PostgreSQL down the pipeline starts, answers 202 to writes and is not ready; when it returns, the sink catches up")
    void startsWithoutTheDatabase(KafkaTestContext kafka, PostgresTestDatabase db, @TempDir Path dataDir) throws Exception {
        try (TcpGate gate = TcpGate.toPostgres(false)) {
            CourierConfig config = ConfigLoader.load(Map.of(
                    "COURIER_KAFKA_BOOTSTRAP", kafka.bootstrapServers(),
                    "COURIER_TOPIC_PREFIX", kafka.topicPrefix(),
                    "COURIER_PARTITIONS", "2",
                    "COURIER_DATABASE_URL", gate.through(db.jdbcUrl()),
                    "COURIER_HTTP_PORT", "0",
                    "COURIER_DATA_DIR", dataDir.toString(),
                    "COURIER_API_KEYS", KEY + ":admin"), Optional.empty());
            new TopicCreator(kafka.admin()).createAll(new Topics(kafka.topicPrefix(), new EventCodec(config.limits())), 2,
                    Optional.empty());
            try (Pipeline pipeline = new Pipeline(config, EnumSet.allOf(Pipeline.Part.class), config.http().apiKeys())) {
                pipeline.start();
                int port = pipeline.httpPort();
                UUID chat = UUID.randomUUID();
                UUID alice = UUID.randomUUID();
                UUID bob = UUID.randomUUID();
                assertThat(post(port, "/v1/chats", "{\"chatId\":\"" + chat + "\",\"type\":\"direct\",\"createdBy\":\"" + alice
                        + "\",\"members\":[\"" + bob + "\"]}").statusCode()).isEqualTo(202);
                assertThat(post(port, "/v1/chats/" + chat + "/messages", "{\"senderId\":\"" + alice
                        + "\",\"clientMessageId\":\"c-1\",\"content\":\"hello\"}").statusCode()).isEqualTo(202);

                HttpResponse<String> ready = get(port, "/health/ready");
                assertThat(ready.statusCode()).isEqualTo(503);
                assertThat(ready.body()).contains("sink");
                assertThat(pipeline.fatalProblem()).isEmpty();

                gate.open();
                await().atMost(Duration.ofSeconds(60)).until(() -> get(port, "/health/ready").statusCode() == 200);
                await().atMost(Duration.ofSeconds(30)).until(() -> messages(db, chat) == 1);
            }
        }
    }

    private static long messages(PostgresTestDatabase db, UUID chat) throws Exception {
        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM messages WHERE chat_id = '" + chat + "'")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private HttpResponse<String> post(int port, String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + KEY).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + KEY).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
