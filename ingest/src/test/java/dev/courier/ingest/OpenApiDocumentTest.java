package dev.courier.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class OpenApiDocumentTest {

    @Test
    @DisplayName("without read routes, the registered routes and /openapi.json agree exactly")
    void writeSideOnly() {
        try (MockGateway gateway = new MockGateway()) {
            assertThat(gateway.server.routes()).isEqualTo(gateway.server.documentedOperations());
            assertThat(gateway.server.routes()).hasSize(10);
        }
    }
}
