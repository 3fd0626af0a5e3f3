package dev.courier.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    @Test
    @DisplayName("with nothing set every value is the documented default")
    void defaults() {
        CourierConfig c = ConfigLoader.load(Map.of(), Optional.empty());

        assertThat(c.kafka().bootstrap()).isEqualTo("127.0.0.1:9092");
        assertThat(c.kafka().topicPrefix()).isEqualTo("courier.");
        assertThat(c.kafka().partitions()).isEqualTo(6);
        assertThat(c.kafka().replicationFactor()).isEmpty();
        assertThat(c.database().url()).isEqualTo("jdbc:postgresql://127.0.0.1:5432/courier");
        assertThat(c.database().user()).isEqualTo("postgres");
        assertThat(c.database().runMigrations()).isTrue();
        assertThat(c.http().port()).isEqualTo(8080);
        assertThat(c.http().apiKeys()).isEmpty();
        assertThat(c.dataDir()).isEqualTo(Path.of("./.courier"));
        assertThat(c.limits().maxContentBytes()).isEqualTo(16384);
        assertThat(c.http().publishTimeout()).isEqualTo(java.time.Duration.ofSeconds(5));
        assertThat(c.worker().dedupWindow()).isEqualTo(java.time.Duration.ofHours(24));
        assertThat(c.worker().commitInterval()).isEqualTo(java.time.Duration.ofMillis(50));
        assertThat(c.sink().linger()).isZero();
        assertThat(c.database().poolSize()).isEqualTo(10);
    }

    @Test
    @DisplayName("durations accept 250ms/5s/10m/24h/7d and ISO-8601, and bad ones name the variable")
    void durations() {
        assertThat(ConfigLoader.load(Map.of("COURIER_DEDUP_WINDOW", "7d", "COURIER_SINK_LINGER", "PT0.1S",
                "COURIER_WORKER_COMMIT_INTERVAL", "20ms"), Optional.empty()))
                .satisfies(c -> {
                    assertThat(c.worker().dedupWindow()).isEqualTo(java.time.Duration.ofDays(7));
                    assertThat(c.worker().commitInterval()).isEqualTo(java.time.Duration.ofMillis(20));
                    assertThat(c.sink().linger()).isEqualTo(java.time.Duration.ofMillis(100));
                });
        assertThatThrownBy(() -> ConfigLoader.load(Map.of("COURIER_PUBLISH_TIMEOUT", "soon", "COURIER_DEDUP_WINDOW", "1s",
                "COURIER_WORKER_COMMIT_INTERVAL", "0ms"), Optional.empty()))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).containsExactly(
                        "COURIER_PUBLISH_TIMEOUT='soon': not a duration; use e.g. 250ms, 5s, 10m, 24h, 7d or ISO-8601 (PT5S)",
                        "COURIER_DEDUP_WINDOW='1s': must be between 1m and 365d",
                        "COURIER_WORKER_COMMIT_INTERVAL='0ms': must be between 1ms and 10m"));
    }

    @Test
    @DisplayName("API keys are checked at start-up, errors name the entry and never echo a key")
    void apiKeys() {
        assertThat(ConfigLoader.load(Map.of("COURIER_API_KEYS", "k1:produce|read,k2:admin"), Optional.empty())
                .http().apiKeys()).isPresent();
        assertThatThrownBy(() -> ConfigLoader.load(Map.of("COURIER_API_KEYS", "secretkey1:write"), Optional.empty()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("COURIER_API_KEYS: entry 1")
                .hasMessageNotContaining("secretkey1");
    }

    @Test
    @DisplayName("environment variables win over the properties file, which accepts both key spellings")
    void layering(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("courier.properties");
        Files.writeString(file, "courier.http.port=9000\nCOURIER_PARTITIONS=3\ncourier.topic.prefix=file.\n");

        CourierConfig c = ConfigLoader.load(Map.of("COURIER_TOPIC_PREFIX", "env.", "PATH", "/bin"), Optional.of(file));

        assertThat(c.http().port()).isEqualTo(9000);
        assertThat(c.kafka().partitions()).isEqualTo(3);
        assertThat(c.kafka().topicPrefix()).isEqualTo("env.");
    }

    @Test
    @DisplayName("COURIER_KAFKA_PROP_<NAME> passes through as a Kafka client property")
    void passThrough() {
        CourierConfig c = ConfigLoader.load(Map.of("COURIER_KAFKA_PROP_SECURITY_PROTOCOL", "SASL_SSL",
                "COURIER_KAFKA_PROP_SASL_MECHANISM", "PLAIN"), Optional.empty());

        assertThat(c.kafka().clientProperties()).containsExactlyInAnyOrderEntriesOf(
                Map.of("security.protocol", "SASL_SSL", "sasl.mechanism", "PLAIN"));
        assertThat(c.kafka().commonClientProperties()).containsEntry("bootstrap.servers", "127.0.0.1:9092");
    }

    @Test
    @DisplayName("every bad value is reported at once, one line each naming the variable")
    void collectsProblems() {
        assertThatThrownBy(() -> ConfigLoader.load(Map.of(
                "COURIER_HTTP_PORT", "80a",
                "COURIER_PARTITIONS", "0",
                "COURIER_KAFKA_BOOTSTRAP", "localhost",
                "COURIER_DATABASE_URL", "postgres://x/y",
                "COURIER_RUN_MIGRATIONS", "yes",
                "COURIER_TOPIC_PREFIX", "a b"), Optional.empty()))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).containsExactly(
                        "COURIER_KAFKA_BOOTSTRAP='localhost': expected host:port[,host:port...]",
                        "COURIER_TOPIC_PREFIX='a b': only a-z, A-Z, 0-9, '.', '_' and '-' are allowed in topic names",
                        "COURIER_PARTITIONS='0': must be between 1 and 10000",
                        "COURIER_DATABASE_URL='postgres://x/y': expected jdbc:postgresql://host[:port]/database",
                        "COURIER_RUN_MIGRATIONS='yes': must be true or false",
                        "COURIER_HTTP_PORT='80a': not an integer"));
    }

    @Test
    @DisplayName("a missing --config file is one clear line")
    void missingFile(@TempDir Path dir) {
        assertThatThrownBy(() -> ConfigLoader.load(Map.of(), Optional.of(dir.resolve("nope.properties"))))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("--config " + dir.resolve("nope.properties") + ": cannot read it");
    }

    @Test
    @DisplayName("secrets never appear in the logged configuration or in error messages")
    void masksSecrets() {
        Map<String, String> env = Map.of("COURIER_DATABASE_PASSWORD", "hunter2", "COURIER_API_KEYS", "k1:admin",
                "COURIER_KAFKA_PROP_SASL_JAAS_CONFIG", "secret-jaas");

        assertThat(String.join("\n", ConfigLoader.describe(env, Optional.empty())))
                .doesNotContain("hunter2").doesNotContain("k1:admin").doesNotContain("secret-jaas")
                .contains("COURIER_DATABASE_PASSWORD=**** (env)");
        assertThat(ConfigLoader.load(env, Optional.empty()).toString()).doesNotContain("hunter2").doesNotContain("k1:admin");
    }

    @Test
    @DisplayName("unknown COURIER_ variables are listed so a typo does not pass silently")
    void unknown() {
        assertThat(ConfigLoader.unknownVariables(Map.of("COURIER_PARTITONS", "3", "COURIER_PARTITIONS", "3", "HOME", "/")))
                .containsExactly("COURIER_PARTITONS");
    }
}
