package dev.courier.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.courier.app.TestEnvironment;
import dev.courier.app.config.ConfigLoader;
import dev.courier.app.config.CourierConfig;
import dev.courier.app.kafka.TopicCreator;
import dev.courier.app.run.Pipeline;
import dev.courier.events.Delivery;
import dev.courier.events.EventCodec;
import dev.courier.events.RejectReason;
import dev.courier.events.Rejected;
import dev.courier.events.Topics;
import dev.courier.testkit.KafkaExtension;
import dev.courier.testkit.KafkaTestContext;
import dev.courier.testkit.PostgresDatabaseExtension;
import dev.courier.testkit.PostgresTestDatabase;
import dev.courier.testkit.TopicContents;
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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code courier dlq} on a running pipeline: a rejection listed, shown, re-driven once it can succeed, and only once. */
@ExtendWith({KafkaExtension.class, PostgresDatabaseExtension.class})
class DlqCommandIT {

    private static final String KEY = "dlq-admin-key";

    private final HttpClient http = HttpClient.newHttpClient();
    private Map<String, String> env;


    @Test
    @DisplayName("a message to a chat not yet created is rejected unknown_chat; once the chat exists, replay delivers it exactly once, and again adds nothing")
    void redrive(KafkaTestContext kafka, PostgresTestDatabase db, @TempDir Path dataDir) throws Exception {
        env = TestEnvironment.of(kafka.bootstrapServers(), kafka.topicPrefix(), db, dataDir, KEY);
        CourierConfig config = ConfigLoader.load(env, Optional.empty());
        Topics topics = new Topics(kafka.topicPrefix(), new EventCodec(config.limits()));
        new TopicCreator(kafka.admin()).createAll(topics, 2, Optional.empty());
        try (Pipeline pipeline = new Pipeline(config, EnumSet.allOf(Pipeline.Part.class), config.http().apiKeys())) {
            pipeline.start();
            await().atMost(Duration.ofSeconds(90)).until(pipeline::isReady);
            int port = pipeline.httpPort();
            UUID chat = UUID.randomUUID();
            UUID alice = UUID.randomUUID();
            UUID bob = UUID.randomUUID();
            post(port, "/v1/chats/" + chat + "/messages", "{\"senderId\":\"" + alice + "\",\"clientMessageId\":\"c-1\",\"content\":\"early\"}");

            await("the rejection").atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(courier("dlq", "list", "--reason", "unknown_chat").out()).contains("1 rejection: unknown_chat 1"));
            CliRun listed = courier("dlq", "list", "--chat", chat.toString(), "--json");
            String position = com.fasterxml.jackson.databind.json.JsonMapper.builder().build().readTree(listed.out()).get("position").asText();
            assertThat(courier("dlq", "show", position).out()).contains("reason:        unknown_chat", "\"content\" : \"early\"");

            post(port, "/v1/chats", "{\"chatId\":\"" + chat + "\",\"type\":\"direct\",\"createdBy\":\"" + alice
                    + "\",\"members\":[\"" + bob + "\"]}");
            assertThat(courier("dlq", "replay", "--reason", "unknown_chat").out())
                    .contains("would re-drive (dry run; --execute sends): 1 record", "1  unknown_chat from " + topics.chatEventsIn().name());
            assertThat(messages(db, chat)).as("a dry run sends nothing").isZero();

            assertThat(courier("dlq", "replay", "--reason", "unknown_chat", "--execute").out()).contains("re-driven: 1 record");
            await("the message delivered").atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                assertThat(messages(db, chat)).isEqualTo(1);
                assertThat(unread(db, bob, chat)).isEqualTo(1);
            });
            assertThat(courier("dlq", "replay", "--reason", "unknown_chat", "--execute").out())
                    .as("a second run continues after the first").contains("re-driven: 0 records");
            assertThat(courier("dlq", "replay", "--reason", "unknown_chat", "--execute", "--from-beginning").out())
                    .contains("re-driven: 1 record");
            await("the second copy refused as a duplicate").atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(TopicContents.readAll(kafka.bootstrapServers(), topics.rejected()).stream().map(r -> r.value())
                            .filter(r -> chat.toString().equals(r.key())).map(Rejected::reason))
                            .containsExactly(RejectReason.UNKNOWN_CHAT, RejectReason.DUPLICATE));
            assertThat(messages(db, chat)).isEqualTo(1);
            assertThat(unread(db, bob, chat)).isEqualTo(1);
            assertThat(TopicContents.readAll(kafka.bootstrapServers(), topics.inbox()).stream().map(r -> r.value())
                    .filter(d -> d.chatId().equals(chat)).map(Delivery::userId)).containsExactly(bob);
            assertThat(courier("dlq", "list", "--chat", chat.toString(), "--reason", "duplicate").out())
                    .as("the duplicate carries its re-drive count").containsPattern("duplicate\\s+" + chat + ".*\\s1\\s+messageId");
        }
    }

    @Test
    @DisplayName("a row PostgreSQL refused is re-applied to PostgreSQL once its cause is fixed, not written back into chat-log")
    void sinkSideReapplied(KafkaTestContext kafka, PostgresTestDatabase db, @TempDir Path dataDir) throws Exception {
        env = Map.of(
                "COURIER_KAFKA_BOOTSTRAP", kafka.bootstrapServers(),
                "COURIER_TOPIC_PREFIX", kafka.topicPrefix() + "rows.",
                "COURIER_DATABASE_URL", db.jdbcUrl(),
                "COURIER_HTTP_PORT", "0",
                "COURIER_DATA_DIR", dataDir.toString());
        CourierConfig config = ConfigLoader.load(env, Optional.empty());
        Topics topics = new Topics(config.kafka().topicPrefix(), new EventCodec(config.limits()));
        new TopicCreator(kafka.admin()).createAll(topics, 2, Optional.empty());
        UUID chat = UUID.randomUUID();
        UUID alice = UUID.randomUUID();
        EventCodec codec = new EventCodec(config.limits());
        Map<String, Object> p = kafka.producerProps();
        p.put(org.apache.kafka.clients.producer.ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                org.apache.kafka.common.serialization.ByteArraySerializer.class);
        try (Pipeline sink = new Pipeline(config, EnumSet.of(Pipeline.Part.SINK), Optional.empty());
             org.apache.kafka.clients.producer.KafkaProducer<String, byte[]> producer = new org.apache.kafka.clients.producer.KafkaProducer<>(p)) {
            sink.start();
            // A message whose chat the database does not know yet (as after a lost chats row): its foreign key refuses it.
            producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(topics.chatLog().name(), chat.toString(),
                    codec.encode(new dev.courier.events.MessageSent(chat, dev.courier.events.MessageIds.derive(chat, alice, "c-1"),
                            alice, "c-1", "orphan", Instant.now(), Instant.now(), 2L)))).get();
            await("the refusal").atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                    assertThat(courier("dlq", "list", "--reason", "database").out()).contains("1 rejection: database 1"));
            assertThat(courier("dlq", "replay", "--reason", "database").out())
                    .contains("1 rows PostgreSQL refused: would be re-applied to PostgreSQL");

            // The cause fixed: the chat's creation reaches the database.
            producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(topics.chatLog().name(), chat.toString(),
                    codec.encode(new dev.courier.events.ChatCreated(chat, dev.courier.events.ChatType.DIRECT, null, alice,
                            List.of(UUID.randomUUID()), Instant.now(), 1L)))).get();
            await().atMost(Duration.ofSeconds(60)).until(() -> query(db, "SELECT count(*) FROM chats WHERE id = '" + chat + "'") == 1);

            assertThat(courier("dlq", "replay", "--reason", "database", "--execute").out())
                    .contains("1 rows PostgreSQL refused: re-applied to PostgreSQL, 0 refused again");
            assertThat(messages(db, chat)).isEqualTo(1);
            assertThat(TopicContents.readAll(kafka.bootstrapServers(), topics.chatLog())).as("nothing written back into chat-log")
                    .hasSize(2);
        }
    }

    @Test
    @DisplayName("bad filters and unknown positions give one clear line and exit code 2")
    void badUsage(KafkaTestContext kafka) {
        env = Map.of("COURIER_KAFKA_BOOTSTRAP", kafka.bootstrapServers(), "COURIER_TOPIC_PREFIX", kafka.topicPrefix());
        new TopicCreator(kafka.admin()).createAll(new Topics(kafka.topicPrefix(), new EventCodec(
                dev.courier.events.EventLimits.defaults())), 2, Optional.empty());

        assertThat(courier("dlq", "list", "--reason", "nope")).satisfies(r -> {
            assertThat(r.exit()).isEqualTo(2);
            assertThat(r.err()).contains("--reason 'nope' is not a reject reason; use one of malformed, unknown_type");
        });
        assertThat(courier("dlq", "list", "--since", "yesterday").err()).contains("--since 'yesterday' is neither an ISO-8601 time");
        assertThat(courier("dlq", "show", "7:0")).satisfies(r -> {
            assertThat(r.exit()).isEqualTo(2);
            assertThat(r.err()).contains("has partitions 0 to 1, not 7");
        });
        assertThat(courier("dlq", "show", "1:999")).satisfies(r -> {
            assertThat(r.exit()).isEqualTo(2);
            assertThat(r.err()).contains("no rejection at 1:999");
        });
        assertThat(courier("dlq", "show", "12").err()).contains("an offset alone is ambiguous");
    }

    private CliRun courier(String... args) {
        return CliRun.of(env, args);
    }

    private static long messages(PostgresTestDatabase db, UUID chat) throws Exception {
        return query(db, "SELECT count(*) FROM messages WHERE chat_id = '" + chat + "'");
    }

    private static long unread(PostgresTestDatabase db, UUID user, UUID chat) throws Exception {
        return query(db, "SELECT coalesce(max(unread_count), 0) FROM unread_messages WHERE user_id = '" + user
                + "' AND chat_id = '" + chat + "'");
    }

    private static long query(PostgresTestDatabase db, String sql) throws Exception {
        try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private void post(int port, String path, String body) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + KEY).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    }
}
