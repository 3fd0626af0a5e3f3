package dev.courier.app;

import dev.courier.testkit.PostgresTestDatabase;
import java.nio.file.Path;
import java.util.Map;

/** The COURIER_* settings of an in-JVM pipeline or command under test: 2 partitions, any free HTTP port, one admin key. */
public final class TestEnvironment {

    private TestEnvironment() {
    }

    public static Map<String, String> of(String bootstrap, String topicPrefix, PostgresTestDatabase db, Path dataDir,
                                         String adminKey) {
        return Map.of(
                "COURIER_KAFKA_BOOTSTRAP", bootstrap,
                "COURIER_TOPIC_PREFIX", topicPrefix,
                "COURIER_PARTITIONS", "2",
                "COURIER_DATABASE_URL", db.jdbcUrl(),
                "COURIER_HTTP_PORT", "0",
                "COURIER_DATA_DIR", dataDir.toString(),
                "COURIER_API_KEYS", adminKey + ":admin");
    }
}
