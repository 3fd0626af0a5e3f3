package dev.courier.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class MetricsTest {

    @Test
    @DisplayName("/metrics shows requests per route and status, publish latency, batch sizes and rejections by reason")
    void exposesMeters() {
        try (MockGateway gateway = new MockGateway()) {
            String chat = UUID.randomUUID().toString();
            String sender = UUID.randomUUID().toString();
            gateway.api.post("/v1/chats/" + chat + "/messages",
                    "{\"senderId\":\"" + sender + "\",\"clientMessageId\":\"c\",\"content\":\"hi\"}");
            gateway.api.post("/v1/messages:batch", "{\"messages\":[{\"chatId\":\"" + chat + "\",\"senderId\":\"" + sender
                    + "\",\"clientMessageId\":\"d\",\"content\":\"hi\"}]}");
            gateway.api.post("/v1/chats/" + chat + "/messages", "{");
            gateway.api.post("/v1/chats/" + chat + "/messages", "{}", null);
            gateway.api.get("/v1/" + UUID.randomUUID(), TestApi.ADMIN_KEY);

            String metrics = gateway.api.get("/metrics", null).body();

            assertThat(metrics)
                    .contains("courier_http_requests_seconds_count{method=\"POST\",route=\"/v1/chats/{chatId}/messages\",status=\"202\"} 1")
                    .contains("courier_http_requests_seconds_count{method=\"POST\",route=\"/v1/chats/{chatId}/messages\",status=\"400\"} 1")
                    .contains("courier_http_requests_seconds_count{method=\"POST\",route=\"/v1/chats/{chatId}/messages\",status=\"401\"} 1")
                    .contains("courier_http_requests_seconds_count{method=\"GET\",route=\"unmatched\",status=\"404\"} 1")
                    .contains("courier_http_requests_seconds_bucket{")
                    .contains("courier_ingest_publish_seconds_count{outcome=\"acked\",topic=\"t.chat-events.in\"} 2")
                    .contains("courier_ingest_batch_size_messages_count 1")
                    .contains("courier_ingest_rejected_total{reason=\"malformed_json\"} 1")
                    .contains("courier_ingest_rejected_total{reason=\"unauthenticated\"} 1")
                    .contains("courier_ingest_rejected_total{reason=\"not_found\"} 1");
        }
    }
}
