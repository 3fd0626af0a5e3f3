package dev.courier.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.courier.events.EventLimits;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class IngestSettingsTest {

    @Test
    @DisplayName("defaults: port 8080 on every interface, 5 s publish timeout, batches of 1,000, the events' limits")
    void defaults() {
        IngestSettings s = IngestSettings.defaults(TestApi.KEYS);

        assertThat(s.host()).isEqualTo("0.0.0.0");
        assertThat(s.port()).isEqualTo(8080);
        assertThat(s.publishTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(s.maxBatchItems()).isEqualTo(1000);
        assertThat(s.limits()).isEqualTo(EventLimits.defaults());
        assertThat(s.healthCheckInterval()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    @DisplayName("every bad setting is reported in one message")
    void reportsEveryProblem() {
        assertThatThrownBy(() -> new IngestSettings("", 70_000, null, Duration.ofMillis(1), 1001, null, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("host must not be empty")
                .hasMessageContaining("port must be 0..65535 (0 picks a free port), was 70000")
                .hasMessageContaining("apiKeys: at least one key is required")
                .hasMessageContaining("publishTimeout must be between 100 ms and 5 min, was PT0.001S")
                .hasMessageContaining("maxBatchItems must be 1..1000, was 1001")
                .hasMessageContaining("limits must be given")
                .hasMessageContaining("healthCheckInterval must be between 100 ms and 1 min");
    }
}
