package dev.courier.persistence.internal.loop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.courier.persistence.SinkSettings;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

class SinkMetricsTest {

    @Test
    void batchSizeHistogramSpansOneToTheLargestBatchInFewScrapeLines() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new SinkMetrics(registry, () -> true);
        registry.get("courier.sink.batch.size").summary().record(SinkSettings.MAX_BATCH_ROWS);

        // Every bucket is a line of every scrape: over Micrometer's default range there are 276 of them.
        assertThat(registry.scrape().lines().filter(l -> l.startsWith("courier_sink_batch_size_records_bucket")))
                .hasSizeLessThan(100)
                .contains("courier_sink_batch_size_records_bucket{le=\"100000.0\"} 1");
    }
}
