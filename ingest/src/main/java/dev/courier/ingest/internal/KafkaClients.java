package dev.courier.ingest.internal;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The producer and admin configurations ingest runs with, from the operator's client properties. */
public final class KafkaClients {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaClients.class);

    /** Below this a publish timeout leaves no room for a request: linger is capped to keep request.timeout.ms positive. */
    private static final long MIN_REQUEST_TIMEOUT_MS = 50;

    private KafkaClients() {
    }

    /**
     * The operator's properties (bootstrap servers, security, tuning such as {@code linger.ms}) with:
     * <ul>
     *   <li>{@code acks=all} and {@code enable.idempotence=true}, always: a 202 means the write is on every in-sync
     *       replica, and producer retries never duplicate or reorder a partition's records;</li>
     *   <li>{@code delivery.timeout.ms} and {@code max.block.ms} set to the publish timeout, and
     *       {@code request.timeout.ms} to the publish timeout less {@code linger.ms} (Kafka requires
     *       delivery ≥ linger + request): no send can outlive the request that made it;</li>
     *   <li>defaults unless given: {@code linger.ms=5} and {@code batch.size=65536} (the batch endpoint fills batches;
     *       single POSTs from many clients share them), {@code client.id=courier-ingest}.</li>
     * </ul>
     */
    public static Map<String, Object> producerConfig(Map<String, ?> operator, Duration publishTimeout) {
        requireBootstrap(operator);
        Map<String, Object> c = new HashMap<>(operator);
        c.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "courier-ingest");
        c.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 5);
        c.putIfAbsent(ProducerConfig.BATCH_SIZE_CONFIG, 65_536);
        enforce(c, ProducerConfig.ACKS_CONFIG, "all");
        enforce(c, ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        long timeout = publishTimeout.toMillis();
        long linger = Math.min(Long.parseLong(String.valueOf(c.get(ProducerConfig.LINGER_MS_CONFIG))),
                timeout - MIN_REQUEST_TIMEOUT_MS);
        c.put(ProducerConfig.LINGER_MS_CONFIG, Math.max(linger, 0));
        enforce(c, ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Long.toString(timeout));
        enforce(c, ProducerConfig.MAX_BLOCK_MS_CONFIG, Long.toString(timeout));
        enforce(c, ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Long.toString(Math.min(timeout - Math.max(linger, 0), Integer.MAX_VALUE)));
        c.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        c.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return c;
    }

    /** The operator's properties an admin client understands (no producer tuning, so no "unknown config" warnings). */
    public static Map<String, Object> adminConfig(Map<String, ?> operator, Duration probeTimeout) {
        requireBootstrap(operator);
        Map<String, Object> c = new HashMap<>();
        operator.forEach((k, v) -> {
            if (AdminClientConfig.configNames().contains(k)) {
                c.put(k, v);
            }
        });
        c.put(AdminClientConfig.CLIENT_ID_CONFIG, "courier-ingest-health");
        int ms = (int) Math.max(probeTimeout.toMillis(), 100);
        c.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, ms);
        c.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, ms);
        c.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, Math.min(ms, 1000));
        return c;
    }

    private static void requireBootstrap(Map<String, ?> operator) {
        Object servers = operator.get(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG);
        if (servers == null || String.valueOf(servers).isBlank()) {
            throw new IllegalArgumentException("Kafka client properties need bootstrap.servers (COURIER_KAFKA_BOOTSTRAP)");
        }
    }

    private static void enforce(Map<String, Object> c, String key, String value) {
        Object given = c.get(key);
        if (given != null && !String.valueOf(given).equals(value)) {
            LOG.warn("ignoring Kafka producer property {}={}: ingest runs with {}={}", key, given, key, value);
        }
        c.put(key, value);
    }
}
