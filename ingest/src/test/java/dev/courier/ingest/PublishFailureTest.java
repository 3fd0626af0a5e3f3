package dev.courier.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * What a client sees when Kafka does not acknowledge: a producer that never acks or that fails (a MockProducer;
 * the real broker outage is in {@code BrokerOutageIT}).
 */
class PublishFailureTest {

    private static final String MESSAGE = "{\"senderId\":\"" + UUID.randomUUID() + "\",\"clientMessageId\":\"c\",\"content\":\"hi\"}";
    private static final String PATH = "/v1/chats/" + UUID.randomUUID() + "/messages";

    @Test
    @DisplayName("no ack within the publish timeout: 503 with Retry-After after about that time, never 202")
    void timesOut() {
        try (MockGateway gateway = new MockGateway(false, MockGateway.settings(Duration.ofMillis(400)), Optional.empty())) {
            long start = System.nanoTime();
            TestApi.Response r = gateway.api.post(PATH, MESSAGE);
            long ms = (System.nanoTime() - start) / 1_000_000;

            assertThat(r.status()).as(r.toString()).isEqualTo(503);
            assertThat(r.header("Retry-After")).isEqualTo("1");
            assertThat(r.header("Content-Type")).startsWith("application/problem+json");
            assertThat(r.json().get("detail").asText()).contains("within 400 ms");
            assertThat(ms).isBetween(350L, 3_000L);
        }
    }

    @Test
    @DisplayName("a retriable send failure answers 503; a permanent one 500; a late ack changes nothing")
    void sendFails() {
        try (MockGateway gateway = new MockGateway(false, MockGateway.settings(Duration.ofSeconds(5)), Optional.empty())) {
            CompletableFuture<TestApi.Response> retriable = CompletableFuture.supplyAsync(() -> gateway.api.post(PATH, MESSAGE));
            Awaitility.await().until(() -> gateway.published().size() == 1);
            gateway.producer.errorNext(new NotEnoughReplicasException("only 1 in-sync replica"));
            TestApi.Response r = retriable.join();
            assertThat(r.status()).as(r.toString()).isEqualTo(503);
            assertThat(r.header("Retry-After")).isEqualTo("1");

            CompletableFuture<TestApi.Response> permanent = CompletableFuture.supplyAsync(() -> gateway.api.post(PATH, MESSAGE));
            Awaitility.await().until(() -> gateway.published().size() == 2);
            gateway.producer.errorNext(new RecordTooLargeException("too large"));
            assertThat(permanent.join().status()).isEqualTo(500);
        }
    }

    @Test
    @DisplayName("a batch answers 202 only when every item is acked; one failed item makes it 503")
    void batchNeedsEveryAck() {
        try (MockGateway gateway = new MockGateway(false, MockGateway.settings(Duration.ofSeconds(5)), Optional.empty())) {
            String item = "{\"chatId\":\"" + UUID.randomUUID() + "\",\"senderId\":\"" + UUID.randomUUID()
                    + "\",\"clientMessageId\":\"%s\",\"content\":\"hi\"}";
            String body = "{\"messages\":[" + item.formatted("a") + "," + item.formatted("b") + "," + item.formatted("c") + "]}";

            CompletableFuture<TestApi.Response> ok = CompletableFuture.supplyAsync(() -> gateway.api.post("/v1/messages:batch", body));
            Awaitility.await().until(() -> gateway.published().size() == 3);
            gateway.producer.completeNext();
            gateway.producer.completeNext();
            assertThat(ok).isNotDone();
            gateway.producer.completeNext();
            assertThat(ok.join().status()).isEqualTo(202);

            CompletableFuture<TestApi.Response> failed = CompletableFuture.supplyAsync(() -> gateway.api.post("/v1/messages:batch", body));
            Awaitility.await().until(() -> gateway.published().size() == 6);
            gateway.producer.completeNext();
            gateway.producer.errorNext(new NotEnoughReplicasException("only 1 in-sync replica"));
            gateway.producer.completeNext();
            TestApi.Response r = failed.join();
            assertThat(r.status()).as(r.toString()).isEqualTo(503);
        }
    }
}
