package dev.courier.ops.lag;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Samples Courier's consumer groups in the background of a long-running process and publishes the latest report as
 * gauges labelled by group, topic and partition: {@code courier_consumer_lag_records}, {@code courier_consumer_lag_seconds}
 * and {@code courier_consumer_lag_status} ({@link LagStatus#gauge()}: 0 OK, 1 WARN, 2 REWIND, 3 STALL, 4 STOP).
 */
public final class LagMonitor implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LagMonitor.class);

    private final LagReporter reporter;
    private final Duration interval;
    private final MultiGauge records;
    private final MultiGauge seconds;
    private final MultiGauge status;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "courier-lag-monitor");
        t.setDaemon(true);
        return t;
    });
    private volatile LagReport latest;
    private volatile boolean failing;

    public LagMonitor(LagReporter reporter, MeterRegistry registry, Duration interval) {
        this.reporter = reporter;
        this.interval = interval;
        this.records = MultiGauge.builder("courier.consumer.lag.records")
                .description("Records not yet consumed (committed offset to the last stable offset)").register(registry);
        this.seconds = MultiGauge.builder("courier.consumer.lag.seconds")
                .description("Age of the first record not yet consumed; 0 when caught up").register(registry);
        this.status = MultiGauge.builder("courier.consumer.lag.status")
                .description("Lag status over the window: 0 OK, 1 WARN, 2 REWIND, 3 STALL, 4 STOP").register(registry);
    }

    public void start() {
        scheduler.scheduleWithFixedDelay(this::sampleOnce, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The latest report, once a sample succeeded. */
    public Optional<LagReport> latest() {
        return Optional.ofNullable(latest);
    }

    private void sampleOnce() {
        try {
            reporter.sample();
            LagReport report = reporter.report();
            publish(report);
            latest = report;
            if (failing) {
                log.info("consumer lag sampling works again");
                failing = false;
            }
        } catch (RuntimeException e) {
            if (!failing) { // once per outage, not every interval
                log.warn("consumer lag sampling failed; the lag gauges keep their last values: {}", e.getMessage());
                failing = true;
            }
        }
    }

    private void publish(LagReport report) {
        records.register(rows(report, p -> p.lagRecords()), true);
        seconds.register(rows(report, LagReport.PartitionLag::lagSeconds), true);
        status.register(rows(report, p -> p.status().gauge()), true);
    }

    private static List<MultiGauge.Row<?>> rows(LagReport report, ToDoubleFunction<LagReport.PartitionLag> value) {
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        for (LagReport.GroupLag g : report.groups()) {
            for (LagReport.PartitionLag p : g.partitions()) {
                double v = value.applyAsDouble(p);
                rows.add(MultiGauge.Row.of(Tags.of("group", g.group(), "topic", p.topic(), "partition",
                        Integer.toString(p.partition())), () -> v));
            }
        }
        return rows;
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
