package dev.courier.ingest.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.courier.persistence.HistoryQuery;
import dev.courier.persistence.InvalidQueryException;
import dev.courier.persistence.SearchQuery;
import java.io.InputStream;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The read API's published limits are the ones its query records enforce. */
class ReadOpenApiLimitsTest {

    private static final UUID CHAT = UUID.randomUUID();

    @Test
    @DisplayName("openapi's limit (minimum, maximum, default) and q (maxLength) are what HistoryQuery and SearchQuery accept")
    void publishedLimitsAreEnforced() throws Exception {
        JsonNode params;
        try (InputStream in = ReadOpenApiLimitsTest.class.getResourceAsStream("/dev/courier/ingest/read/openapi-read.json")) {
            params = new ObjectMapper().readTree(in).path("components").path("parameters");
        }
        JsonNode limit = params.path("limit").path("schema");
        long max = limit.path("maximum").asLong();
        long min = limit.path("minimum").asLong();
        assertThat(HistoryQuery.of(CHAT, null, null, null).limit()).isEqualTo(limit.path("default").asLong());
        assertThat(HistoryQuery.of(CHAT, null, null, max).limit()).isEqualTo(max);
        assertThatThrownBy(() -> HistoryQuery.of(CHAT, null, null, max + 1)).isInstanceOf(InvalidQueryException.class);
        assertThatThrownBy(() -> HistoryQuery.of(CHAT, null, null, min - 1)).isInstanceOf(InvalidQueryException.class);
        assertThatThrownBy(() -> SearchQuery.of(CHAT, "x", max + 1)).isInstanceOf(InvalidQueryException.class);

        int maxLength = params.path("q").path("schema").path("maxLength").asInt();
        assertThat(SearchQuery.of(CHAT, "x".repeat(maxLength), null).q()).hasSize(maxLength);
        assertThatThrownBy(() -> SearchQuery.of(CHAT, "x".repeat(maxLength + 1), null)).isInstanceOf(InvalidQueryException.class);
    }
}
