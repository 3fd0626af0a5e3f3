package dev.courier.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class TestKafkaTest {

    private final String original = System.getProperty(TestKafka.MODE_PROPERTY);

    @AfterEach
    void restore() {
        if (original == null) {
            System.clearProperty(TestKafka.MODE_PROPERTY);
        } else {
            System.setProperty(TestKafka.MODE_PROPERTY, original);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  ", "${courier.test.kafka}", "embedded", "EMBEDDED"})
    @DisplayName("empty, unresolved or 'embedded' means the embedded broker")
    void embeddedByDefault(String value) {
        System.setProperty(TestKafka.MODE_PROPERTY, value);
        assertThat(TestKafka.mode()).isEqualTo("embedded");
    }

    @Test
    @DisplayName("an absent property means the embedded broker")
    void embeddedWhenAbsent() {
        System.clearProperty(TestKafka.MODE_PROPERTY);
        assertThat(TestKafka.mode()).isEqualTo("embedded");
    }

    @Test
    @DisplayName("'testcontainers' selects the container; anything else is refused by name")
    void otherModes() {
        System.setProperty(TestKafka.MODE_PROPERTY, "testcontainers");
        assertThat(TestKafka.mode()).isEqualTo("testcontainers");
        System.setProperty(TestKafka.MODE_PROPERTY, "docker");
        assertThatThrownBy(TestKafka::mode).hasMessageContaining("docker").hasMessageContaining("testcontainers");
    }
}
