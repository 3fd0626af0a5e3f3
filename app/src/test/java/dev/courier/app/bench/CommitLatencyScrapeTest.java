package dev.courier.app.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CommitLatencyScrapeTest {

    private static String exposition(int within50, int within150, int within250, int all) {
        return """
                # HELP courier_pipeline_persisted_latency_seconds from a message's acceptedAt to the commit
                # TYPE courier_pipeline_persisted_latency_seconds histogram
                courier_pipeline_persisted_latency_seconds_bucket{le="0.05"} %d
                courier_pipeline_persisted_latency_seconds_bucket{le="0.15"} %d
                courier_pipeline_persisted_latency_seconds_bucket{le="0.25"} %d
                courier_pipeline_persisted_latency_seconds_bucket{le="+Inf"} %d
                courier_pipeline_persisted_latency_seconds_count %d
                courier_sink_flush_seconds_bucket{le="0.15"} 999999
                """.formatted(within50, within150, within250, all, all);
    }

    @Test
    void measuresOnlyWhatWasRecordedBetweenTwoScrapes() {
        CommitLatencyScrape before = CommitLatencyScrape.parse(exposition(10, 20, 20, 20));
        CommitLatencyScrape after = CommitLatencyScrape.parse(exposition(510, 1_010, 1_019, 1_020));

        CommitLatencyScrape window = after.since(before);

        assertThat(window.count()).isEqualTo(1_000);
        assertThat(window.shareWithin(150)).isEqualTo(0.99);
        assertThat(window.quantileBound(0.99)).isEqualTo(150);
        assertThat(window.quantileBound(0.995)).isEqualTo(250);
        assertThat(window.quantileBound(0.5)).isEqualTo(50);
    }

    @Test
    void aTailPastTheLastBoundIsReportedAsInfinite() {
        CommitLatencyScrape window = CommitLatencyScrape.parse(exposition(0, 0, 0, 4));

        assertThat(window.quantileBound(0.99)).isInfinite();
        assertThat(window.shareWithin(150)).isZero();
    }
}
