package dev.courier.ingest;

import dev.courier.events.EventLimits;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * How the ingest gateway runs. Validated as a whole on construction: every bad field is reported in one
 * {@link IllegalArgumentException}.
 *
 * @param host                the address to listen on (default {@value #DEFAULT_HOST}: every interface)
 * @param port                the HTTP port (default {@value #DEFAULT_PORT}); 0 picks a free one, see {@link IngestServer#port()}
 * @param apiKeys             the keys accepted under {@code /v1} (at least one)
 * @param publishTimeout      the longest a write waits for Kafka's acknowledgement, send included, before it
 *                            answers 503 (default 5 s); it also bounds the producer's {@code delivery.timeout.ms},
 *                            {@code max.block.ms} and {@code request.timeout.ms}
 * @param maxBatchItems       the most messages one {@code POST /v1/messages:batch} may carry (default 1,000)
 * @param limits              the content limits, the same as every other input path's (default {@link EventLimits#defaults()})
 * @param healthCheckInterval how often {@code /health/ready} probes Kafka (default 2 s); a probe waits at most this long
 */
public record IngestSettings(String host, int port, ApiKeys apiKeys, Duration publishTimeout, int maxBatchItems,
                             EventLimits limits, Duration healthCheckInterval) {

    public static final String DEFAULT_HOST = "0.0.0.0";
    public static final int DEFAULT_PORT = 8080;
    public static final Duration DEFAULT_PUBLISH_TIMEOUT = Duration.ofSeconds(5);
    public static final int DEFAULT_MAX_BATCH_ITEMS = 1_000;
    public static final Duration DEFAULT_HEALTH_CHECK_INTERVAL = Duration.ofSeconds(2);

    /** The widest batch the contract allows: DESIGN §3 says "up to 1,000 messages". */
    public static final int MAX_BATCH_ITEMS_LIMIT = 1_000;

    public IngestSettings {
        List<String> problems = new ArrayList<>();
        if (host == null || host.isBlank()) {
            problems.add("host must not be empty");
        }
        if (port < 0 || port > 65_535) {
            problems.add("port must be 0..65535 (0 picks a free port), was " + port);
        }
        if (apiKeys == null || apiKeys.size() == 0) {
            problems.add("apiKeys: at least one key is required (COURIER_API_KEYS)");
        }
        if (publishTimeout == null || publishTimeout.compareTo(Duration.ofMillis(100)) < 0
                || publishTimeout.compareTo(Duration.ofMinutes(5)) > 0) {
            problems.add("publishTimeout must be between 100 ms and 5 min, was " + publishTimeout);
        }
        if (maxBatchItems < 1 || maxBatchItems > MAX_BATCH_ITEMS_LIMIT) {
            problems.add("maxBatchItems must be 1.." + MAX_BATCH_ITEMS_LIMIT + ", was " + maxBatchItems);
        }
        if (limits == null) {
            problems.add("limits must be given (EventLimits.defaults() for the defaults)");
        }
        if (healthCheckInterval == null || healthCheckInterval.compareTo(Duration.ofMillis(100)) < 0
                || healthCheckInterval.compareTo(Duration.ofMinutes(1)) > 0) {
            problems.add("healthCheckInterval must be between 100 ms and 1 min, was " + healthCheckInterval);
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid ingest settings: " + String.join("; ", problems));
        }
    }

    /** The defaults with these keys. */
    public static IngestSettings defaults(ApiKeys apiKeys) {
        return new IngestSettings(DEFAULT_HOST, DEFAULT_PORT, apiKeys, DEFAULT_PUBLISH_TIMEOUT, DEFAULT_MAX_BATCH_ITEMS,
                EventLimits.defaults(), DEFAULT_HEALTH_CHECK_INTERVAL);
    }

    public IngestSettings withHost(String host) {
        return new IngestSettings(host, port, apiKeys, publishTimeout, maxBatchItems, limits, healthCheckInterval);
    }

    public IngestSettings withPort(int port) {
        return new IngestSettings(host, port, apiKeys, publishTimeout, maxBatchItems, limits, healthCheckInterval);
    }

    public IngestSettings withPublishTimeout(Duration publishTimeout) {
        return new IngestSettings(host, port, apiKeys, publishTimeout, maxBatchItems, limits, healthCheckInterval);
    }

    public IngestSettings withMaxBatchItems(int maxBatchItems) {
        return new IngestSettings(host, port, apiKeys, publishTimeout, maxBatchItems, limits, healthCheckInterval);
    }

    public IngestSettings withLimits(EventLimits limits) {
        return new IngestSettings(host, port, apiKeys, publishTimeout, maxBatchItems, limits, healthCheckInterval);
    }

    public IngestSettings withHealthCheckInterval(Duration healthCheckInterval) {
        return new IngestSettings(host, port, apiKeys, publishTimeout, maxBatchItems, limits, healthCheckInterval);
    }
}
