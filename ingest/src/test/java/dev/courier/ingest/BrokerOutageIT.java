package dev.courier.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.courier.events.EventCodec;
import dev.courier.events.EventLimits;
import dev.courier.events.MessageSent;
import dev.courier.events.Topics;
import dev.courier.embeddedkafka.EmbeddedKafkaCluster;
import dev.courier.testkit.KafkaTestContext;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The broker goes away and comes back: bounded 503s, readiness follows, and every 202 is on the topic. */
class BrokerOutageIT {

    private static final Duration PUBLISH_TIMEOUT = Duration.ofMillis(1500);
    /** Slack over the publish timeout for HTTP and scheduling on a busy 2-core machine. */
    private static final long SLACK_MS = 2_000;

    private EmbeddedKafkaCluster cluster;
    private KafkaTestContext kafka;
    private IngestServer server;
    private TestApi api;
    private Topics topics;
    private final UUID chat = UUID.randomUUID();
    private final UUID sender = UUID.randomUUID();
    private final Set<String> accepted = new HashSet<>();

    @BeforeEach
    void start() {
        cluster = EmbeddedKafkaCluster.builder().build().start();
        kafka = KafkaTestContext.forCluster(cluster);
        kafka.createTopics(2, "chat-events.in", "receipts.in");
        topics = new Topics(kafka.topicPrefix(), new EventCodec(EventLimits.defaults()));
        IngestSettings settings = IngestSettings.defaults(TestApi.KEYS).withHost("127.0.0.1").withPort(0)
                .withPublishTimeout(PUBLISH_TIMEOUT).withHealthCheckInterval(Duration.ofMillis(300));
        server = new IngestServer(settings, topics, Map.of("bootstrap.servers", cluster.bootstrapServers()),
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
        server.start();
        api = new TestApi(server.port());
    }

    @AfterEach
    void stop() {
        server.stop();
        kafka.close();
        cluster.close();
    }

    @Test
    @DisplayName("broker down: 503 + Retry-After within the publish timeout, not ready; back up: ready and 202 again, no acked write lost")
    void outage() {
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> api.get("/health/ready", null).status() == 200);
        assertThat(send("before").status()).isEqualTo(202);

        cluster.stopNode(0);

        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> api.get("/health/ready", null).status() == 503);
        assertThat(api.get("/health/ready", null).json().get("kafka").asText()).startsWith("kafka unreachable");
        long start = System.nanoTime();
        TestApi.Response down = send("during");
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertThat(down.status()).as(down.toString()).isEqualTo(503);
        assertThat(down.header("Retry-After")).isNotBlank();
        assertThat(down.header("Content-Type")).startsWith("application/problem+json");
        assertThat(ms).isLessThan(PUBLISH_TIMEOUT.toMillis() + SLACK_MS);

        // Many at once: each bounded, none hangs, none is a 202.
        long burst = System.nanoTime();
        List<CompletableFuture<TestApi.Response>> many = IntStream.range(0, 30)
                .mapToObj(i -> CompletableFuture.supplyAsync(() -> i % 3 == 0 ? batch("burst-" + i) : send("burst-" + i)))
                .toList();
        many.forEach(f -> assertThat(f.join().status()).as(f.join().toString()).isEqualTo(503));
        assertThat((System.nanoTime() - burst) / 1_000_000).isLessThan(PUBLISH_TIMEOUT.toMillis() + 2 * SLACK_MS);

        cluster.startNode(0);

        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> api.get("/health/ready", null).status() == 200);
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> send("after").status() == 202);
        Set<String> onTopic = new HashSet<>();
        for (ConsumerRecord<String, byte[]> r : TopicReader.readAll(cluster.bootstrapServers(), topics.chatEventsIn().name())) {
            MessageSent m = (MessageSent) topics.chatEventsIn().valueSerde().deserializer().deserialize(r.topic(), r.value());
            onTopic.add(m.clientMessageId());
        }
        assertThat(onTopic).containsAll(accepted).contains("before", "after");
    }

    private TestApi.Response send(String clientMessageId) {
        TestApi.Response r = api.post("/v1/chats/" + chat + "/messages",
                "{\"senderId\":\"" + sender + "\",\"clientMessageId\":\"" + clientMessageId + "\",\"content\":\"x\"}");
        if (r.status() == 202) {
            synchronized (accepted) {
                accepted.add(clientMessageId);
            }
        }
        return r;
    }

    private TestApi.Response batch(String clientMessageId) {
        return api.post("/v1/messages:batch", "{\"messages\":[{\"chatId\":\"" + chat + "\",\"senderId\":\"" + sender
                + "\",\"clientMessageId\":\"" + clientMessageId + "\",\"content\":\"x\"}]}");
    }
}
