package dev.courier.persistence.internal.loop;

import dev.courier.persistence.SinkSettings;
import dev.courier.persistence.internal.write.WriteResult;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/** The sink's meters, all named {@code courier.sink.*}. */
final class SinkMetrics {

    private final MeterRegistry registry;
    private final DistributionSummary batchSize;
    private final Timer flush;
    private final Counter retries;
    private final Counter records;
    private final Counter fenced;
    private final AtomicLong behind = new AtomicLong();

    SinkMetrics(MeterRegistry registry, BooleanSupplier ready) {
        this.registry = registry;
        this.batchSize = DistributionSummary.builder("courier.sink.batch.size").baseUnit("records")
                .description("records per flush (one transaction)").publishPercentileHistogram()
                // Bounded by the largest batch SinkSettings accepts: the default range publishes 276 buckets.
                .minimumExpectedValue(1.0).maximumExpectedValue((double) SinkSettings.MAX_BATCH_ROWS).register(registry);
        this.flush = Timer.builder("courier.sink.flush").description("time to write one batch, commit included")
                .publishPercentileHistogram().register(registry);
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

    void flushed(int batchRecords, long nanos, WriteResult result) {
        batchSize.record(batchRecords);
        flush.record(nanos, TimeUnit.NANOSECONDS);
        records.increment(batchRecords);
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
