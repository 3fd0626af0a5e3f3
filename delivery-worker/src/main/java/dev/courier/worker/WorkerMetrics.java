package dev.courier.worker;

import dev.courier.events.EventLimits;
import dev.courier.events.RejectReason;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The worker's own meters, all named {@code courier.worker.*}. Counts are of records handed to Kafka Streams; under
 * exactly-once an aborted transaction's records are counted again when they are re-processed.
 */
public final class WorkerMetrics {

    private final MeterRegistry registry;
    private final Map<String, Counter> in = new ConcurrentHashMap<>();
    private final Map<String, Counter> out = new ConcurrentHashMap<>();
    private final Map<RejectReason, Counter> rejects = new ConcurrentHashMap<>();
    private final DistributionSummary fanOut;
    private final Timer latency;
    private final Counter duplicates;
    private final Counter rerouted;

    public WorkerMetrics(MeterRegistry registry) {
        this.registry = registry;
        // Fixed buckets up to the largest chat: a percentile histogram publishes dozens of lines per scrape.
        this.fanOut = DistributionSummary.builder("courier.worker.fanout.size")
                .description("recipients (inbox deliveries) per accepted message").baseUnit("deliveries")
                .serviceLevelObjectives(1, 2, 5, 10, 50, 100, 1000, EventLimits.MAX_MEMBERS).register(registry);
        this.latency = Timer.builder("courier.worker.latency")
                .description("end-to-end latency from acceptedAt to the worker emitting the sequenced message")
                .serviceLevelObjectives(Stream.of(5, 10, 25, 50, 100, 150, 250, 500, 1000, 2500, 5000, 10000)
                        .map(Duration::ofMillis).toArray(Duration[]::new))
                .register(registry);
        this.duplicates = Counter.builder("courier.worker.duplicates")
                .description("messages dropped because their messageId was already sequenced").register(registry);
        this.rerouted = Counter.builder("courier.worker.rerouted")
                .description("inputs that arrived on a partition their chat does not map to (a producer not partitioning by "
                        + "murmur2) and were passed on to the chat's task").register(registry);
    }

    public void rerouted() {
        rerouted.increment();
    }

    /** Meters that go nowhere (tests, tools). */
    public static WorkerMetrics noop() {
        return new WorkerMetrics(new CompositeMeterRegistry());
    }

    public MeterRegistry registry() {
        return registry;
    }

    public void recordIn(String topic) {
        in.computeIfAbsent(topic, t -> Counter.builder("courier.worker.records.in").tag("topic", t)
                .description("records read").register(registry)).increment();
    }

    public void recordOut(String topic) {
        out.computeIfAbsent(topic, t -> Counter.builder("courier.worker.records.out").tag("topic", t)
                .description("records written").register(registry)).increment();
    }

    public void rejected(RejectReason reason) {
        rejects.computeIfAbsent(reason, r -> Counter.builder("courier.worker.rejects").tag("reason", r.wireName())
                .description("inputs sent to the rejected topic").register(registry)).increment();
        if (reason == RejectReason.DUPLICATE) {
            duplicates.increment();
        }
    }

    public void fanOut(int recipients) {
        fanOut.record(recipients);
    }

    public void latencySince(Instant acceptedAt) {
        if (acceptedAt != null) {
            Duration d = Duration.between(acceptedAt, Instant.now());
            latency.record(d.isNegative() ? Duration.ZERO : d); // a producer clock ahead of ours
        }
    }
}
