package dev.courier.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.courier.events.EventLimits;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

class WorkerMetricsTest {

    @Test
    void fanOutHistogramSpansOneToTheMemberLimitInFewScrapeLines() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        WorkerMetrics metrics = new WorkerMetrics(registry);
        metrics.fanOut(3);
        metrics.fanOut(EventLimits.MAX_MEMBERS);

        // Every bucket is a line of every scrape: over Micrometer's default range there are 276 of them.
        assertThat(registry.scrape().lines().filter(l -> l.startsWith("courier_worker_fanout_size_deliveries_bucket")))
                .hasSizeLessThan(12)
                .contains("courier_worker_fanout_size_deliveries_bucket{le=\"2.0\"} 0",
                        "courier_worker_fanout_size_deliveries_bucket{le=\"5.0\"} 1",
                        "courier_worker_fanout_size_deliveries_bucket{le=\"10000.0\"} 2");
    }
}
