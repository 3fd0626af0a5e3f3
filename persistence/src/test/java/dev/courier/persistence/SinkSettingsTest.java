package dev.courier.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SinkSettingsTest {

    @Test
    @DisplayName("every bad setting is reported in one exception")
    void allProblemsAtOnce() {
        assertThatThrownBy(() -> new SinkSettings(" ", 2, 0, Duration.ofMillis(-1), Duration.ZERO, Duration.ofSeconds(1),
                Duration.ofSeconds(1), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("consumerGroup").hasMessageContaining("maxBatchRows")
                .hasMessageContaining("linger").hasMessageContaining("pollTimeout");
        assertThatThrownBy(() -> SinkSettings.defaults().withRetryBackoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .hasMessageContaining("retryMaxBackoff");
    }

    @Test
    @DisplayName("defaults: group courier-sink, 5,000 rows, no linger")
    void defaults() {
        SinkSettings s = SinkSettings.defaults();
        assertThat(s.consumerGroup()).isEqualTo("courier-sink");
        assertThat(s.maxBatchRows()).isEqualTo(5_000);
        assertThat(s.linger()).isZero();
    }

    @Test
    @DisplayName("the pool settings mask the password when printed")
    void poolMasksPassword() {
        assertThat(DatabasePool.Settings.of("jdbc:postgresql://h/db", "u", "secret", 4).toString())
                .doesNotContain("secret").contains("****");
        assertThatThrownBy(() -> DatabasePool.Settings.of("mysql://x", "", null, 0))
                .hasMessageContaining("url").hasMessageContaining("user").hasMessageContaining("maxPoolSize");
    }
}
