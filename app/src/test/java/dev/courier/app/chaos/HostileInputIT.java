package dev.courier.app.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.courier.app.config.ConfigLoader;
import dev.courier.app.config.CourierConfig;
import dev.courier.app.kafka.TopicCreator;
import dev.courier.app.run.Pipeline;
import dev.courier.events.EventCodec;
import dev.courier.events.Rejected;
import dev.courier.events.Topics;
import dev.courier.testkit.KafkaExtension;
import dev.courier.testkit.KafkaTestContext;
import dev.courier.testkit.PostgresDatabaseExtension;
import dev.courier.testkit.PostgresTestDatabase;
import dev.courier.testkit.TopicContents;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hostile input on every input path of a running pipeline: thousands of generated HTTP requests and bad records
 * written straight to the {@code .in} topics. No 5xx; nothing published for a request that was refused; every bad
 * record in {@code rejected} naming its source; and PostgreSQL agrees with chat-log afterwards.
 */
@ExtendWith({KafkaExtension.class, PostgresDatabaseExtension.class})
class HostileInputIT {

    private static final Logger log = LoggerFactory.getLogger(HostileInputIT.class);
    private static final String KEY = "hostile-admin-key";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final int requests = Integer.getInteger("courier.hostile.requests", 10_000);
    private final int records = Integer.getInteger("courier.hostile.records", 2_000);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    @DisplayName("generated hostile HTTP requests and .in records: no 5xx, nothing published for a 4xx, every bad record rejected, the database agrees with chat-log")
    void hostileInput(KafkaTestContext kafka, PostgresTestDatabase db, @TempDir Path dataDir) throws Exception {
        CourierConfig config = ConfigLoader.load(Map.of(
                "COURIER_KAFKA_BOOTSTRAP", kafka.bootstrapServers(),
                "COURIER_TOPIC_PREFIX", kafka.topicPrefix(),
                "COURIER_PARTITIONS", "3",
                "COURIER_DATABASE_URL", db.jdbcUrl(),
                "COURIER_HTTP_PORT", "0",
                "COURIER_DATA_DIR", dataDir.toString(),
                "COURIER_API_KEYS", KEY + ":admin"), Optional.empty());
        Topics topics = new Topics(kafka.topicPrefix(), new EventCodec(config.limits()));
        new TopicCreator(kafka.admin()).createAll(topics, 3, Optional.empty());
        try (Pipeline pipeline = new Pipeline(config, EnumSet.allOf(Pipeline.Part.class), config.http().apiKeys())) {
            pipeline.start();
            int port = pipeline.httpPort();
            await().atMost(Duration.ofSeconds(90)).until(pipeline::isReady);

            List<HostileRequests.KnownChat> chats = new ArrayList<>();
            long published = 0;
            for (int i = 0; i < 5; i++) {
                HostileRequests.KnownChat chat = new HostileRequests.KnownChat(UUID.randomUUID(),
                        List.of(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID()));
                chats.add(chat);
                HttpResponse<String> r = send(port, new HostileRequests.Shot("POST", "/v1/chats", "application/json",
                        ("{\"chatId\":\"" + chat.id() + "\",\"type\":\"group\",\"createdBy\":\"" + chat.members().get(0)
                                + "\",\"members\":" + JSON.writeValueAsString(chat.members().stream().map(UUID::toString).toList())
                                + "}").getBytes(), true));
                assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
                published++;
            }

            HostileRequests generator = new HostileRequests(2026, chats);
            Map<Integer, Integer> statuses = new TreeMap<>();
            for (int i = 0; i < requests; i++) {
                HostileRequests.Shot shot = generator.next();
                HttpResponse<String> r = send(port, shot);
                statuses.merge(r.statusCode(), 1, Integer::sum);
                assertThat(r.statusCode()).as("%s -> %s", shot, r.body()).isLessThan(500);
                if (r.statusCode() == 202) {
                    JsonNode answer = JSON.readTree(r.body());
                    published += answer.has("accepted") ? answer.get("accepted").asLong() : 1;
                }
            }
            log.info("{} hostile requests answered {}", requests, statuses);
            assertThat(inputRecords(kafka, topics)).as("records on the .in topics = what the 202 answers accepted")
                    .isEqualTo(published);
            assertThat(statuses).containsKeys(202, 400, 404, 405, 413, 415);

            Map<String, Long> bad = produceBadRecords(kafka, topics, new HostileRecords(7, chats));
            await("every bad record rejected, naming its source").atMost(Duration.ofMinutes(2)).untilAsserted(() -> {
                Set<String> rejectedSources = TopicContents.readAll(kafka.bootstrapServers(), topics.rejected()).stream()
                        .map(r -> source(r.value())).collect(Collectors.toSet());
                assertThat(rejectedSources).containsAll(bad.keySet());
            });

            new PipelineAudit(kafka.bootstrapServers(), topics, db)
                    .assertDatabaseAgreesWithLog(chats.stream().map(HostileRequests.KnownChat::id).toList(), Duration.ofMinutes(2));
        }
    }

    private HttpResponse<String> send(int port, HostileRequests.Shot shot) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + encode(shot.path())))
                .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + KEY);
        if (shot.contentType() != null) {
            b.header("Content-Type", shot.contentType());
        }
        b.method(shot.method(), shot.body() == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(shot.body()));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Paths with characters URI refuses (a raw NUL in a test path stays percent-encoded as written). */
    private static String encode(String path) {
        return path.replace(" ", "%20");
    }

    private static long inputRecords(KafkaTestContext kafka, Topics topics) throws Exception {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (String t : List.of(topics.chatEventsIn().name(), topics.receiptsIn().name())) {
            for (int p = 0; p < 3; p++) {
                latest.put(new TopicPartition(t, p), OffsetSpec.latest());
            }
        }
        return kafka.admin().listOffsets(latest).all().get().values().stream().mapToLong(o -> o.offset()).sum();
    }

    /** Produces bad records, some to partitions their key does not map to; answers their "topic/partition/offset". */
    private Map<String, Long> produceBadRecords(KafkaTestContext kafka, Topics topics, HostileRecords generator) throws Exception {
        Map<String, Long> sources = new HashMap<>();
        Map<String, Object> props = new HashMap<>(kafka.producerProps());
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            java.util.Random random = new java.util.Random(3);
            for (int i = 0; i < records; i++) {
                HostileRecords.Bad bad = generator.next();
                String topic = bad.receipts() ? topics.receiptsIn().name() : topics.chatEventsIn().name();
                Integer partition = random.nextInt(4) == 0 ? random.nextInt(3) : null;
                RecordMetadata md = producer.send(new ProducerRecord<>(topic, partition, bad.key(), bad.value())).get();
                sources.put(md.topic() + "/" + md.partition() + "/" + md.offset(), 1L);
            }
        }
        return sources;
    }

    private static String source(Rejected r) {
        return r.sourceTopic() + "/" + r.sourcePartition() + "/" + r.sourceOffset();
    }
}
