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
import java.time.Instant;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code courier replay} on a running pipeline: the sink's group re-reads, and refusals change nothing. */
@ExtendWith({KafkaExtension.class, PostgresDatabaseExtension.class})
class ReplayCommandIT {

    private static final String KEY = "replay-admin-key";

    private final HttpClient http = HttpClient.newHttpClient();
    private Map<String, String> env;


    @Test
    @DisplayName("replay --to-datetime moves the stopped sink back: nothing changes, then exactly the rows deleted by hand come back; refusals change nothing")
    void sinkReplay(KafkaTestContext kafka, PostgresTestDatabase db, @TempDir Path dataDir) throws Exception {
        env = TestEnvironment.of(kafka.bootstrapServers(), kafka.topicPrefix(), db, dataDir, KEY);
        CourierConfig config = ConfigLoader.load(env, Optional.empty());
        Topics topics = new Topics(kafka.topicPrefix(), new EventCodec(config.limits()));
        new TopicCreator(kafka.admin()).createAll(topics, 2, Optional.empty());
        String sinkGroup = kafka.topicPrefix() + "sink";
        Instant before = Instant.now();
        try (Pipeline front = new Pipeline(config, EnumSet.of(Pipeline.Part.INGEST, Pipeline.Part.WORKER), config.http().apiKeys())) {
            front.start();
            Pipeline sink = new Pipeline(config, EnumSet.of(Pipeline.Part.SINK), Optional.empty());
            sink.start();
            await().atMost(Duration.ofSeconds(90)).until(() -> front.isReady() && sink.isReady());
            UUID chat = UUID.randomUUID();
            UUID alice = UUID.randomUUID();
            post(front.httpPort(), "/v1/chats", "{\"chatId\":\"" + chat + "\",\"type\":\"direct\",\"createdBy\":\"" + alice
                    + "\",\"members\":[\"" + UUID.randomUUID() + "\"]}");
            for (int i = 0; i < 20; i++) {
                post(front.httpPort(), "/v1/chats/" + chat + "/messages", "{\"senderId\":\"" + alice
                        + "\",\"clientMessageId\":\"c-" + i + "\",\"content\":\"m" + i + "\"}");
            }
            String ofChat = "SELECT count(*) FROM messages WHERE chat_id = '" + chat + "'";
            await().atMost(Duration.ofSeconds(60)).until(() -> count(db, ofChat) == 20);

            CliRun active = courier("replay", "--group", sinkGroup, "--all-topics", "--to-earliest", "--execute");
            assertThat(active.exit()).isEqualTo(2);
            assertThat(active.err()).contains("refused: group " + sinkGroup + " has 1 active member(s)");
            sink.close();

            String stored = offsets(db, sinkGroup);
            String checksum = checksum(db);
            CliRun worker = courier("replay", "--group", kafka.topicPrefix() + "delivery-worker", "--all-topics", "--to-earliest");
            assertThat(worker.exit()).isEqualTo(2);
            assertThat(worker.err()).contains("would sequence every chat again", "courier rebuild");
            CliRun notRead = courier("replay", "--group", sinkGroup, "--topic", topics.inbox().name(), "--to-earliest");
            assertThat(notRead.exit()).isEqualTo(2);
            assertThat(notRead.err()).contains("does not read " + topics.inbox().name());
            CliRun dry = courier("replay", "--group", sinkGroup, "--all-topics", "--to-datetime", before.toString());
            assertThat(dry.exit()).isZero();
            assertThat(dry.out()).contains("the sink's group (current = sink_offsets)", "dry run: nothing changed")
                    .containsPattern("[1-9][0-9]* record\\(s\\) to read again");
            assertThat(offsets(db, sinkGroup)).as("refusals and the dry run change nothing").isEqualTo(stored);

            assertThat(courier("replay", "--group", sinkGroup, "--all-topics", "--to-datetime", before.toString(), "--execute")
                    .out()).contains("applied: sink_offsets and Kafka's committed offsets moved");
            assertThat(offsets(db, sinkGroup)).isNotEqualTo(stored);
            try (Pipeline again = new Pipeline(config, EnumSet.of(Pipeline.Part.SINK), Optional.empty())) {
                again.start();
                await().atMost(Duration.ofSeconds(60)).until(() -> offsets(db, sinkGroup).equals(stored));
                assertThat(checksum(db)).as("re-reading changed no row").isEqualTo(checksum);
            }

            execute(db, "DELETE FROM messages WHERE chat_id = '" + chat + "' AND seq IN (3, 7, 11)");
            assertThat(courier("replay", "--group", sinkGroup, "--all-topics", "--to-datetime", before.toString(), "--execute")
                    .exit()).isZero();
            try (Pipeline again = new Pipeline(config, EnumSet.of(Pipeline.Part.SINK), Optional.empty())) {
                again.start();
                await().atMost(Duration.ofSeconds(60)).until(() -> count(db, ofChat) == 20);
                await().atMost(Duration.ofSeconds(30)).until(() -> offsets(db, sinkGroup).equals(stored));
                assertThat(checksum(db)).as("exactly the deleted rows restored").isEqualTo(checksum);
            }

            // Retention deletes the oldest chat-log records of the partition that holds the chat.
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (int p = 0; p < 2; p++) {
                latest.put(new TopicPartition(topics.chatLog().name(), p), OffsetSpec.latest());
            }
            Map<TopicPartition, RecordsToDelete> gone = new HashMap<>();
            kafka.admin().listOffsets(latest).all().get().forEach((tp, end) -> {
                if (end.offset() > 5) {
                    gone.put(tp, RecordsToDelete.beforeOffset(5));
                }
            });
            kafka.admin().deleteRecords(gone).all().get();
            CliRun tooOld = courier("replay", "--group", sinkGroup, "--topic", topics.chatLog().name(), "--to-datetime",
                    "2000-01-01T00:00:00Z", "--execute");
            assertThat(tooOld.exit()).isEqualTo(2);
            assertThat(tooOld.err()).contains("is before the log start of");
            assertThat(offsets(db, sinkGroup)).isEqualTo(stored);
        }
    }

    @Test
    @DisplayName("replay --chat restores one chat's deleted rows from chat-log and receipts, and touches no other chat")
    void chatReplay(KafkaTestContext kafka, PostgresTestDatabase db, @TempDir Path dataDir) throws Exception {
        env = TestEnvironment.of(kafka.bootstrapServers(), kafka.topicPrefix() + "chat.", db, dataDir, KEY);
        CourierConfig config = ConfigLoader.load(env, Optional.empty());
        new TopicCreator(kafka.admin()).createAll(new Topics(config.kafka().topicPrefix(), new EventCodec(config.limits())), 2,
                Optional.empty());
        try (Pipeline pipeline = new Pipeline(config, EnumSet.allOf(Pipeline.Part.class), config.http().apiKeys())) {
            pipeline.start();
            await().atMost(Duration.ofSeconds(90)).until(pipeline::isReady);
            UUID damaged = UUID.randomUUID();
            UUID untouched = UUID.randomUUID();
            UUID alice = UUID.randomUUID();
            UUID bob = UUID.randomUUID();
            for (UUID chat : List.of(damaged, untouched)) {
                post(pipeline.httpPort(), "/v1/chats", "{\"chatId\":\"" + chat + "\",\"type\":\"direct\",\"createdBy\":\""
                        + alice + "\",\"members\":[\"" + bob + "\"]}");
                for (int i = 0; i < 10; i++) {
                    post(pipeline.httpPort(), "/v1/chats/" + chat + "/messages", "{\"senderId\":\"" + alice
                            + "\",\"clientMessageId\":\"c-" + i + "\",\"content\":\"m" + i + "\"}");
                }
                post(pipeline.httpPort(), "/v1/chats/" + chat + "/receipts", "{\"userId\":\"" + bob
                        + "\",\"kind\":\"read\",\"upToSeq\":6}");
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> count(db, "SELECT count(*) FROM messages WHERE chat_id IN ('"
                    + damaged + "', '" + untouched + "')") == 20
                    && count(db, "SELECT count(*) FROM receipt_log WHERE user_id = '" + bob + "'") == 4);
            String whole = text(db, "SELECT md5(string_agg(concat_ws(',', id, seq, content), ';' ORDER BY id)) FROM messages"
                    + " WHERE chat_id = '" + damaged + "'");
            String other = text(db, "SELECT md5(string_agg(concat_ws(',', id, seq, content, persisted_at), ';' ORDER BY id))"
                    + " FROM messages WHERE chat_id = '" + untouched + "'");
            execute(db, "DELETE FROM messages WHERE chat_id = '" + damaged + "' AND seq IN (4, 5, 9)");
            execute(db, "DELETE FROM receipt_log WHERE chat_id = '" + damaged + "' AND user_id = '" + bob + "' AND kind = 'read'");

            CliRun dry = courier("replay", "--chat", damaged.toString());
            assertThat(dry.exit()).as(dry.err()).isZero();
            assertThat(dry.out()).containsPattern("messages\\s+10\\s+3\\s+0").containsPattern("receipt_log\\s+\\d+\\s+1\\s+0")
                    .contains("dry run");
            assertThat(count(db, "SELECT count(*) FROM messages WHERE chat_id = '" + damaged + "'")).isEqualTo(7);

            CliRun applied = courier("replay", "--chat", damaged.toString(), "--execute");
            assertThat(applied.out()).contains("written again: ");
            assertThat(text(db, "SELECT md5(string_agg(concat_ws(',', id, seq, content), ';' ORDER BY id)) FROM messages"
                    + " WHERE chat_id = '" + damaged + "'")).isEqualTo(whole);
            assertThat(count(db, "SELECT count(*) FROM receipt_log WHERE chat_id = '" + damaged + "' AND user_id = '" + bob + "'"))
                    .isEqualTo(2);
            assertThat(text(db, "SELECT md5(string_agg(concat_ws(',', id, seq, content, persisted_at), ';' ORDER BY id))"
                    + " FROM messages WHERE chat_id = '" + untouched + "'")).as("the other chat's rows, untouched").isEqualTo(other);
        }
    }

    private CliRun courier(String... args) {
        return CliRun.of(env, args);
    }

    private static String offsets(PostgresTestDatabase db, String group) throws Exception {
        return text(db, "SELECT coalesce(string_agg(topic || '-' || partition || '=' || next_offset, ',' ORDER BY topic, partition), '') "
                + "FROM sink_offsets WHERE next_offset > 0 AND consumer_group = '" + group + "'");
    }

    /** The rows the sink derives from the log, without the times it stamps itself. */
    private static String checksum(PostgresTestDatabase db) throws Exception {
        return text(db, "SELECT md5(coalesce((SELECT string_agg(concat_ws(',', id, chat_id, seq, content, sent_at), ';' ORDER BY id) FROM messages), '')"
                + " || coalesce((SELECT string_agg(concat_ws(',', chat_id, user_id, joined_seq, read_seq, delivered_seq), ';' ORDER BY chat_id, user_id) FROM chat_participants), '')"
                + " || coalesce((SELECT string_agg(concat_ws(',', user_id, chat_id, unread_count, version), ';' ORDER BY user_id, chat_id) FROM unread_messages), ''))");
    }

    private static long count(PostgresTestDatabase db, String sql) throws Exception {
        return Long.parseLong(text(db, sql));
    }

    private static String text(PostgresTestDatabase db, String sql) throws Exception {
        try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static void execute(PostgresTestDatabase db, String sql) throws Exception {
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private void post(int port, String path, String body) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + KEY).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    }
}
