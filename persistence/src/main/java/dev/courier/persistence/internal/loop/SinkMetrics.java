package dev.courier.persistence.internal.loop;

import dev.courier.events.Decoded;
import dev.courier.events.MessageSent;
import dev.courier.persistence.SinkSettings;
import dev.courier.persistence.internal.batch.Batch;
import dev.courier.persistence.internal.batch.SinkRecord;
import dev.courier.persistence.internal.write.WriteResult;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/** The sink's meters, all named {@code courier.sink.*}. */
final class SinkMetrics {

    private static final Duration[] LATENCY_BUCKETS = Stream.of(5, 10, 25, 50, 100, 150, 250, 500, 1000, 2500, 5000, 10000)
            .map(Duration::ofMillis).toArray(Duration[]::new);

    private final MeterRegistry registry;
    private final DistributionSummary batchSize;
    private final Timer flush;
    private final Counter retries;
    private final Counter records;
    private final Counter fenced;
    private final Timer persistedLatency;
    private final AtomicLong behind = new AtomicLong();

    SinkMetrics(MeterRegistry registry, BooleanSupplier ready) {
        this.registry = registry;
        this.batchSize = DistributionSummary.builder("courier.sink.batch.size").baseUnit("records")
                .description("records per flush (one transaction)")
                .serviceLevelObjectives(1, 10, 50, 100, 250, 500, 1000, 2500, 5000, SinkSettings.MAX_BATCH_ROWS)
                .register(registry);
        this.flush = Timer.builder("courier.sink.flush").description("time to write one batch, commit included")
                .serviceLevelObjectives(Stream.of(1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 5000)
                        .map(Duration::ofMillis).toArray(Duration[]::new))
                .register(registry);
        // Fixed buckets, not a percentile histogram: 12 series an alert and the status page can read (p50/p99 by
        // histogram_quantile), instead of the 70-odd a default timer histogram publishes.
        this.persistedLatency = Timer.builder("courier.pipeline.persisted.latency")
                .description("from a message's acceptedAt to the commit of the sink transaction that stored it")
                .serviceLevelObjectives(LATENCY_BUCKETS)
                .register(registry);
        this.retries = Counter.builder("courier.sink.retries").description("failed flushes or offset reads retried")
                .register(registry);
        this.records = Counter.builder("courier.sink.records").description("records consumed and written")
                .register(registry);
        this.fenced = Counter.builder("courier.sink.fenced")
                .description("batches dropped because another sink instance had claimed their partitions").register(registry);
        Gauge.builder("courier.sink.records.behind", behind, AtomicLong::get)
                .description("records not yet written: from the committed position to the last stable offset of each "
                        + "partition, plus those buffered or being written; 0 when caught up (updated every 100 ms)")
                .register(registry);
        Gauge.builder("courier.sink.ready", () -> ready.getAsBoolean() ? 1 : 0)
                .description("1 when the sink is consuming and the database is reachable").register(registry);
    }

    void flushed(Batch batch, long nanos, WriteResult result) {
        batchSize.record(batch.size());
        flush.record(nanos, TimeUnit.NANOSECONDS);
        records.increment(batch.size());
        for (SinkRecord r : batch.records()) {
            if (r.value() instanceof Decoded.Valid<?> valid && valid.event() instanceof MessageSent m && m.acceptedAt() != null) {
                persistedLatency.record(Math.max(0, result.committedAtMillis() - m.acceptedAt().toEpochMilli()),
                        TimeUnit.MILLISECONDS);
            }
        }
        result.rowsByTable().forEach((table, n) ->
                registry.counter("courier.sink.rows.written", "table", table).increment(n));
        result.rejections().forEach(r ->
                registry.counter("courier.sink.rejects", "reason", r.rejected().reason().wireName()).increment());
    }

    void fenced() {
        fenced.increment();
    }

    void retried() {
        retries.increment();
    }

    void behind(long n) {
        behind.set(n);
    }
}
