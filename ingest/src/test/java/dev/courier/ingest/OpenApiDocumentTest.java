package dev.courier.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class OpenApiDocumentTest {

    @Test
    @DisplayName("without read routes, the registered routes and /openapi.json agree exactly")
    void writeSideOnly() {
        try (MockGateway gateway = new MockGateway()) {
            assertThat(gateway.server.routes()).isEqualTo(gateway.server.documentedOperations());
            assertThat(gateway.server.routes()).hasSize(14);
        }
    }

    @Test
    @DisplayName("with the read API plugged in, the registered routes and /openapi.json still agree exactly")
    void withReadApi() {
        // ReadApi connects only per request, so a data source that points nowhere is enough here.
        try (MockGateway gateway = new MockGateway(true, IngestSettings.defaults(TestApi.KEYS).withHost("127.0.0.1").withPort(0),
                Optional.of(AuthTest.unreachableReadApi()))) {
            assertThat(gateway.server.routes()).isEqualTo(gateway.server.documentedOperations());
            assertThat(gateway.server.routes()).hasSize(18).contains("GET /v1/chats/{chatId}/messages",
                    "GET /v1/chats/{chatId}/messages/search", "GET /v1/chats/{chatId}/messages/{messageId}/receipts",
                    "GET /v1/users/{userId}/unread", "POST /v1/chats/{chatId}/messages");
        }
    }
}
