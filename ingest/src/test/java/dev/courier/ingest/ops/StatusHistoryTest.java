package dev.courier.ingest.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class StatusHistoryTest {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final AtomicLong now = new AtomicLong(1_000_000);
    private final StatusHistory history = new StatusHistory(registry, now::get);
    private final Timer persisted = Timer.builder(StatusHistory.PERSISTED)
            .serviceLevelObjectives(Stream.of(10, 25, 50, 100, 500, 1000).map(Duration::ofMillis).toArray(Duration[]::new))
            .register(registry);

    @Test
    @DisplayName("a point holds the rates and the latency quantiles of its own interval, not of the whole run")
    void ratesAndQuantilesPerInterval() {
        Timer sequenced = registry.timer(StatusHistory.SEQUENCED);
        record(persisted, 1_000, 900); // before the first reading: must not count
        history.sample();

        for (int i = 0; i < 99; i++) {
            record(persisted, 1, 40);
            record(sequenced, 1, 40);
        }
        record(persisted, 1, 700);
        advanceAndSample(5);

        StatusHistory.Point p = history.points().get(0);
        assertThat(p.persisted()).isCloseTo(20.0, within(1e-9));
        assertThat(p.sequenced()).isCloseTo(99 / 5.0, within(1e-9));
        // 99 of 100 in (25, 50] ms: the median interpolates inside that bucket, the 99th reaches its top
        assertThat(p.p50()).isCloseTo(25 + 25 * 50 / 99.0, within(1e-6));
        assertThat(p.p99()).isCloseTo(50.0, within(1e-6));

        record(persisted, 10, 700);
        advanceAndSample(5);
        assertThat(history.points().get(1).p50()).as("only the 10 slow ones of this interval").isBetween(500.0, 1000.0);
    }

    @Test
    @DisplayName("an interval with nothing persisted has a rate of 0 and no latency; a process without the meters has nulls")
    void emptyIntervalsAndMissingMeters() {
        history.sample();
        advanceAndSample(5);
        StatusHistory.Point p = history.points().get(0);
        assertThat(p.persisted()).isZero();
        assertThat(p.p50()).isNull();
        assertThat(p.sequenced()).as("no worker in this process").isNull();
    }

    @Test
    @DisplayName("lag is summed per group; rejects are per minute by component and reason")
    void lagAndRejects() {
        Gauge.builder(StatusHistory.LAG, () -> 3).tags("group", "g1", "partition", "0").register(registry);
        Gauge.builder(StatusHistory.LAG, () -> 4).tags("group", "g1", "partition", "1").register(registry);
        Gauge.builder(StatusHistory.LAG, () -> 1).tags("group", "g2", "partition", "0").register(registry);
        Counter notMember = registry.counter("courier.worker.rejects", "reason", "not_a_member");
        Counter tooLarge = registry.counter("courier.ingest.rejected", "reason", "too_large");
        history.sample();
        notMember.increment(2);
        tooLarge.increment(1);
        advanceAndSample(30);

        StatusHistory.Point p = history.points().get(0);
        assertThat(p.lag()).isEqualTo(Map.of("g1", 7.0, "g2", 1.0));
        assertThat(p.rejectsPerMinute()).isEqualTo(Map.of("worker: not_a_member", 4.0, "ingest: too_large", 2.0));
        @SuppressWarnings("unchecked")
        Map<String, List<Double>> columns = (Map<String, List<Double>>) history.series().get("lag");
        assertThat(columns).containsEntry("g1", List.of(7.0));
    }

    @Test
    @DisplayName("it keeps the last 15 minutes: 180 points of 5 s")
    void keepsFifteenMinutes() {
        history.sample();
        for (int i = 0; i < StatusHistory.POINTS + 20; i++) {
            advanceAndSample(5);
        }
        List<StatusHistory.Point> points = history.points();
        assertThat(points).hasSize(StatusHistory.POINTS);
        assertThat(points.get(points.size() - 1).atMillis() - points.get(0).atMillis())
                .isEqualTo(Duration.ofSeconds(5 * (StatusHistory.POINTS - 1)).toMillis());
        assertThat(points.get(points.size() - 1).atMillis()).isEqualTo(now.get());
    }

    @Test
    @DisplayName("quantiles interpolate as histogram_quantile does, and stop at the last bound")
    void quantile() {
        double[] bounds = {0.01, 0.1, 1.0};
        double[] before = {0, 0, 0};
        double[] after = {50, 100, 100};
        assertThat(StatusHistory.quantileMillis(0.5, bounds, before, after, 100)).isCloseTo(10.0, within(1e-9));
        assertThat(StatusHistory.quantileMillis(0.75, bounds, before, after, 100)).isCloseTo(55.0, within(1e-9));
        double[] beyond = {0, 0, 10};
        assertThat(StatusHistory.quantileMillis(0.99, bounds, before, beyond, 20)).isEqualTo(1000.0);
    }

    private void advanceAndSample(int seconds) {
        now.addAndGet(seconds * 1000L);
        history.sample();
    }

    private static void record(Timer timer, int times, long millis) {
        for (int i = 0; i < times; i++) {
            timer.record(millis, TimeUnit.MILLISECONDS);
        }
    }
}
