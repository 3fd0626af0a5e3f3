package dev.courier.app.config;

import dev.courier.events.EventLimits;
import dev.courier.ingest.ApiKeys;
import java.time.Duration;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The whole validated configuration, built once at start-up by {@link ConfigLoader} and handed to constructors.
 */
public record CourierConfig(Kafka kafka, Database database, Http http, Worker worker, Sink sink, Path dataDir,
                            EventLimits limits) {

    /**
     * @param clientProperties {@code COURIER_KAFKA_PROP_*} pass-through properties (e.g. SASL/SSL), applied to every client
     */
    public record Kafka(String bootstrap, String topicPrefix, int partitions, Optional<Short> replicationFactor,
                        Map<String, String> clientProperties) {
        public Kafka {
            clientProperties = Map.copyOf(clientProperties);
        }

        /** Client properties every Kafka client starts from: bootstrap plus the pass-through ones. */
        public Map<String, Object> commonClientProperties() {
            Map<String, Object> props = new java.util.HashMap<>(clientProperties);
            props.put("bootstrap.servers", bootstrap);
            return props;
        }
    }

    public record Database(String url, String user, String password, int poolSize, boolean runMigrations) {
        @Override
        public String toString() {
            return "Database[url=" + url + ", user=" + user + ", password=" + (password.isEmpty() ? "" : "****")
                    + ", poolSize=" + poolSize + ", runMigrations=" + runMigrations + "]";
        }
    }

    /** @param apiKeys the parsed {@code COURIER_API_KEYS}, if set (its toString shows scopes, never keys) */
    public record Http(int port, Optional<ApiKeys> apiKeys, Duration publishTimeout) {
    }

    public record Worker(int streamThreads, Duration dedupWindow, Duration commitInterval) {
    }

    public record Sink(int batchRows, Duration linger, int writers) {
    }
}
