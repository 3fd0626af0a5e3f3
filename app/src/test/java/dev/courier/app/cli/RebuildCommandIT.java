package dev.courier.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.courier.app.TestEnvironment;
import dev.courier.app.config.ConfigLoader;
import dev.courier.app.config.CourierConfig;
import dev.courier.app.kafka.TopicCreator;
import dev.courier.app.run.Pipeline;
import dev.courier.events.EventCodec;
import dev.courier.events.Topics;
import dev.courier.testkit.DatabaseInvariants;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Invariant 6: dropping the pipeline's tables and replaying the topics yields the same rows. */
@ExtendWith({KafkaExtension.class, PostgresDatabaseExtension.class})
class RebuildCommandIT {

    private static final String KEY = "rebuild-admin-key";

    private final HttpClient http = HttpClient.newHttpClient();
    private final Random random = new Random(14);
    private Map<String, String> env;


    @Test
    @DisplayName("rebuild reproduces every table from the log, also after the unread topic's oldest records were deleted; refused while the sink runs")
    void rebuildIsIdentical(KafkaTestContext kafka, PostgresTestDatabase db, @TempDir Path dataDir) throws Exception {
        env = TestEnvironment.of(kafka.bootstrapServers(), kafka.topicPrefix(), db, dataDir, KEY);
        CourierConfig config = ConfigLoader.load(env, Optional.empty());
        Topics topics = new Topics(kafka.topicPrefix(), new EventCodec(config.limits()));
        new TopicCreator(kafka.admin()).createAll(topics, 2, Optional.empty());
        try (Pipeline front = new Pipeline(config, EnumSet.of(Pipeline.Part.INGEST, Pipeline.Part.WORKER), config.http().apiKeys())) {
            front.start();
            Pipeline sink = new Pipeline(config, EnumSet.of(Pipeline.Part.SINK), Optional.empty());
            sink.start();
            await().atMost(Duration.ofSeconds(90)).until(() -> front.isReady() && sink.isReady());
            int messages = workload(front.httpPort());
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                assertThat(count(db, "SELECT count(*) FROM messages")).isEqualTo(messages);
                try (Connection c = db.connect()) {
                    assertThat(DatabaseInvariants.unreadViolations(c)).isEmpty();
                }
                assertThat(count(db, "SELECT count(*) FROM unread_messages")).isPositive();
            });

            CliRun running = courier("rebuild", "--execute");
            assertThat(running.exit()).isEqualTo(2);
            assertThat(running.err()).contains("refused: the sink is running", "courier dev --no-sink");
            sink.close();

            CliRun dry = courier("rebuild");
            assertThat(dry.exit()).isZero();
            assertThat(dry.out()).contains("dry run", "messages").contains(messages + " rows");

            CliRun rebuilt = courier("rebuild", "--execute", "--batch-rows", "50");
            assertThat(rebuilt.exit()).as(rebuilt.out() + rebuilt.err()).isZero();
            assertThat(rebuilt.out()).contains("rebuilt: every table equal").doesNotContain("DIFFERS");
            assertThat(rebuilt.err()).contains(topics.chatLog().name() + ": ");

            // Time retention on unread: everything but each partition's last record is gone.
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (int p = 0; p < 2; p++) {
                latest.put(new TopicPartition(topics.unread().name(), p), OffsetSpec.latest());
            }
            Map<TopicPartition, RecordsToDelete> gone = new HashMap<>();
            kafka.admin().listOffsets(latest).all().get().forEach((tp, end) -> {
                if (end.offset() > 2) {
                    gone.put(tp, RecordsToDelete.beforeOffset(end.offset() - 2));
                }
            });
            assertThat(gone).isNotEmpty();
            kafka.admin().deleteRecords(gone).all().get();

            CliRun afterRetention = courier("rebuild", "--execute");
            assertThat(afterRetention.exit()).as(afterRetention.out()).isZero();
            assertThat(afterRetention.out()).contains("rebuilt: every table equal");
            try (Connection c = db.connect()) {
                assertThat(DatabaseInvariants.unreadViolations(c)).isEmpty();
            }
        }
    }

    /** Chats with joins, leaves, messages and receipts; answers the number of messages. */
    private int workload(int port) throws Exception {
        int sent = 0;
        for (int c = 0; c < 6; c++) {
            UUID chat = UUID.randomUUID();
            List<UUID> members = new ArrayList<>(List.of(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID()));
            post(port, "/v1/chats", "{\"chatId\":\"" + chat + "\",\"type\":\"group\",\"createdBy\":\"" + members.get(0)
                    + "\",\"members\":[\"" + members.get(1) + "\",\"" + members.get(2) + "\"]}");
            for (int i = 0; i < 15; i++) {
                if (i == 5) {
                    UUID joiner = UUID.randomUUID();
                    post(port, "/v1/chats/" + chat + "/members", "{\"userId\":\"" + joiner + "\"}");
                    members.add(joiner);
                }
                if (i == 10) {
                    http.send(request(port, "/v1/chats/" + chat + "/members/" + members.remove(2)).DELETE().build(),
                            HttpResponse.BodyHandlers.ofString());
                }
                UUID sender = members.get(random.nextInt(members.size()));
                post(port, "/v1/chats/" + chat + "/messages", "{\"senderId\":\"" + sender + "\",\"clientMessageId\":\"c-" + i
                        + "\",\"content\":\"message " + i + "\"}");
                sent++;
                if (i % 4 == 3) {
                    UUID reader = members.get(random.nextInt(members.size()));
                    post(port, "/v1/chats/" + chat + "/receipts", "{\"userId\":\"" + reader + "\",\"kind\":\""
                            + (random.nextBoolean() ? "read" : "delivered") + "\",\"upToSeq\":" + (1 + random.nextInt(i + 2)) + "}");
                }
            }
        }
        return sent;
    }

    private CliRun courier(String... args) {
        return CliRun.of(env, args);
    }

    private static long count(PostgresTestDatabase db, String sql) throws Exception {
        try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private HttpRequest.Builder request(int port, String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).header("Authorization", "Bearer " + KEY);
    }

    private void post(int port, String path, String body) throws Exception {
        HttpResponse<String> r = http.send(request(port, path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    }
}
