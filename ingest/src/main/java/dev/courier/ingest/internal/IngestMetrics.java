package dev.courier.ingest.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.concurrent.TimeoutException;

/**
 * The gateway's meters. In Prometheus form: {@code courier_http_requests_seconds{method,route,status}} (count and
 * latency per route and status), {@code courier_ingest_publish_seconds{topic,outcome}} (send to last ack, per
 * request), {@code courier_ingest_batch_size_messages}, {@code courier_ingest_rejected_total{reason}}; the Kafka
 * producer's own metrics are bound separately ({@code kafka_producer_*}).
 */
public final class IngestMetrics {

    private final MeterRegistry registry;
    private final DistributionSummary batchSizes;
    // Meters by their tag values: a lookup here is cheaper than the registry's id building on every request.
    private final Map<String, Timer> requestTimers = new ConcurrentHashMap<>();
    private final Map<String, Timer> publishTimers = new ConcurrentHashMap<>();

    /**
     * Fixed buckets for the request and publish timers: a timer per route and status, each with Micrometer's default
     * histogram (70-odd buckets), made up most of a scrape; 13 buckets still give histogram_quantile what it needs.
     */
    private static final Duration[] BUCKETS = Stream.of(1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000)
            .map(Duration::ofMillis).toArray(Duration[]::new);

    public IngestMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.batchSizes = DistributionSummary.builder("courier.ingest.batch.size")
                .description("Messages per POST /v1/messages:batch that passed validation")
                .baseUnit("messages")
                .serviceLevelObjectives(1, 10, 50, 100, 250, 500, 1000)
                .register(registry);
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** One finished HTTP request; {@code route} is the matched route template, never the raw path. */
    public void request(String method, String route, int status, long nanos) {
        requestTimers.computeIfAbsent(method + ' ' + route + ' ' + status, k -> Timer.builder("courier.http.requests")
                .description("HTTP requests by route and status")
                .tags("method", method, "route", route, "status", Integer.toString(status))
                .serviceLevelObjectives(BUCKETS)
                .register(registry))
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    /** One request's records were acknowledged, failed or timed out. */
    public void published(String topic, int records, long nanos, Throwable error) {
        String outcome = error == null ? "acked" : isTimeout(error) ? "timeout" : "failed";
        publishTimers.computeIfAbsent(topic + ' ' + outcome, k -> Timer.builder("courier.ingest.publish")
                .description("From the first send to the last acknowledgement of one request's records")
                .tags("topic", topic, "outcome", outcome)
                .serviceLevelObjectives(BUCKETS)
                .register(registry))
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    public void batch(int size) {
        batchSizes.record(size);
    }

    /** A request answered with an error; {@code reason} as in {@link dev.courier.ingest.ApiProblem#reason()}. */
    public void rejected(String reason) {
        Counter.builder("courier.ingest.rejected")
                .description("Requests answered with an error, by reason")
                .tag("reason", reason)
                .register(registry)
                .increment();
    }

    static boolean isTimeout(Throwable error) {
        Throwable t = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                ? error.getCause() : error;
        return t instanceof TimeoutException || t instanceof org.apache.kafka.common.errors.TimeoutException;
    }
}
