package dev.courier.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.courier.app.Main;
import dev.courier.app.TestEnvironment;
import dev.courier.app.config.ConfigLoader;
import dev.courier.app.config.CourierConfig;
import dev.courier.app.kafka.TopicCreator;
import dev.courier.app.run.Pipeline;
import dev.courier.events.EventCodec;
import dev.courier.events.Topics;
import dev.courier.testkit.KafkaExtension;
import dev.courier.testkit.KafkaTestContext;
import dev.courier.testkit.PostgresDatabaseExtension;
import dev.courier.testkit.PostgresTestDatabase;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code courier lag}, {@code GET /v1/ops/lag} and the lag gauges on a running pipeline whose sink is stopped and started. */
@ExtendWith({KafkaExtension.class, PostgresDatabaseExtension.class})
class LagCommandIT {

    private static final String KEY = "lag-admin-key";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newHttpClient();
    private Map<String, String> env;

    @Test
    @DisplayName("caught up: 0 records and 0 s, exit 0; sink stopped while messages flow: its lag seconds grow and it turns STOP, exit 2; sink back: OK")
    void lagFollowsTheSink(KafkaTestContext kafka, PostgresTestDatabase db, @TempDir Path dataDir) throws Exception {
        env = new HashMap<>(TestEnvironment.of(kafka.bootstrapServers(), kafka.topicPrefix(), db, dataDir, KEY));
        CourierConfig config = ConfigLoader.load(env, Optional.empty());
        new TopicCreator(kafka.admin()).createAll(new Topics(kafka.topicPrefix(), new EventCodec(config.limits())), 2,
                Optional.empty());
        try (Pipeline front = new Pipeline(config, EnumSet.of(Pipeline.Part.INGEST, Pipeline.Part.WORKER), config.http().apiKeys())) {
            front.start();
            Pipeline sink = new Pipeline(config, EnumSet.of(Pipeline.Part.SINK), Optional.empty());
            sink.start();
            int port = front.httpPort();
            await().atMost(Duration.ofSeconds(90)).until(() -> front.isReady() && sink.isReady());
            UUID chat = UUID.randomUUID();
            UUID alice = UUID.randomUUID();
            post(port, "/v1/chats", "{\"chatId\":\"" + chat + "\",\"type\":\"direct\",\"createdBy\":\"" + alice
                    + "\",\"members\":[\"" + UUID.randomUUID() + "\"]}");
            for (int i = 0; i < 20; i++) {
                post(port, "/v1/chats/" + chat + "/messages", "{\"senderId\":\"" + alice + "\",\"clientMessageId\":\"c-" + i
                        + "\",\"content\":\"m" + i + "\"}");
            }

            await("caught up").atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                Lag lag = lag();
                assertThat(lag.exit()).isZero();
                assertThat(lag.group("worker").get("lagRecords").asLong()).isZero();
                assertThat(lag.group("sink").get("lagRecords").asLong()).isZero();
                assertThat(lag.group("sink").get("lagSeconds").asDouble()).isZero();
                // Every partition committed, the chat-less ones included: no sink_offsets row there is no disagreement.
                assertThat(lag.group("sink").get("partitions")).allSatisfy(p -> {
                    assertThat(p.get("status").asText()).isEqualTo("OK");
                    assertThat(p.hasNonNull("committed")).as(p.toString()).isTrue();
                    assertThat(p.get("offsetsAgree").asBoolean()).as(p.toString()).isTrue();
                });
            });
            await("the process's own report and gauges").atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                HttpResponse<String> r = get(port, "/v1/ops/lag");
                assertThat(r.statusCode()).isEqualTo(200);
                assertThat(JSON.readTree(r.body()).get("groups")).hasSize(2);
                assertThat(get(port, "/metrics").body()).contains("courier_consumer_lag_records{group=\"" + kafka.topicPrefix() + "sink\"",
                        "courier_consumer_lag_seconds{", "courier_consumer_lag_status{");
            });

            sink.close();
            for (int i = 20; i < 30; i++) {
                post(port, "/v1/chats/" + chat + "/messages", "{\"senderId\":\"" + alice + "\",\"clientMessageId\":\"c-" + i
                        + "\",\"content\":\"m" + i + "\"}");
            }
            await("sink stopped").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
                Lag lag = lag("--window", "1s");
                assertThat(lag.exit()).isEqualTo(2);
                JsonNode s = lag.group("sink");
                assertThat(s.get("status").asText()).isEqualTo("ERR");
                assertThat(s.get("members").asInt()).isZero();
                assertThat(s.get("lagSeconds").asDouble()).isGreaterThan(10);
                assertThat(s.get("worst").get("status").asText()).isEqualTo("STOP");
                assertThat(lag.group("worker").get("status").asText()).isEqualTo("OK");
            });

            try (Pipeline again = new Pipeline(config, EnumSet.of(Pipeline.Part.SINK), Optional.empty())) {
                again.start();
                await("sink back").atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
                    Lag lag = lag();
                    assertThat(lag.exit()).isZero();
                    assertThat(lag.group("sink").get("lagRecords").asLong()).isZero();
                });
            }
        }
    }

    private record Lag(int exit, JsonNode report) {
        JsonNode group(String role) {
            for (JsonNode g : report.get("groups")) {
                if (g.get("role").asText().equals(role)) {
                    return g;
                }
            }
            throw new AssertionError("no " + role + " group in " + report);
        }
    }

    /** {@code courier lag --json} as an operator runs it, with its exit code. */
    private Lag lag(String... extra) throws Exception {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        PrintStream original = System.out;
        int exit;
        try (PrintStream captured = new PrintStream(buffer, true, StandardCharsets.UTF_8)) {
            System.setOut(captured);
            String[] args = new String[extra.length + 2];
            args[0] = "lag";
            args[1] = "--json";
            System.arraycopy(extra, 0, args, 2, extra.length);
            exit = Main.run(env, args);
        } finally {
            System.setOut(original);
        }
        return new Lag(exit, JSON.readTree(buffer.toString(StandardCharsets.UTF_8)));
    }

    private void post(int port, String path, String body) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + KEY).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    }

    private HttpResponse<String> get(int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + KEY).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
