package dev.courier.app.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.config.MeterFilterReply;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class UnexportedKafkaMetricsTest {

    private final UnexportedKafkaMetrics filter = new UnexportedKafkaMetrics();

    @Test
    @DisplayName("per-store, per-node, per-partition and duplicate rate meters are left out")
    void deniesTheBulk() {
        assertThat(reply("kafka.stream.state.block.cache.usage", "rocksdb-state-id", "chat-marks")).isEqualTo(MeterFilterReply.DENY);
        assertThat(reply("kafka.stream.processor.node.process.total", "processor-node-id", "KSTREAM-SOURCE-0000"))
                .isEqualTo(MeterFilterReply.DENY);
        assertThat(reply("kafka.consumer.fetch.manager.records.lag", "topic", "t", "partition", "0")).isEqualTo(MeterFilterReply.DENY);
        assertThat(reply("kafka.consumer.fetch.manager.bytes.consumed.total", "topic", "t")).isEqualTo(MeterFilterReply.DENY);
        assertThat(reply("kafka.producer.topic.record.send.total", "topic", "t")).isEqualTo(MeterFilterReply.DENY);
        assertThat(reply("kafka.stream.task.process.latency.avg", "task-id", "0_1")).isEqualTo(MeterFilterReply.DENY);
        assertThat(reply("kafka.producer.record.send.rate")).isEqualTo(MeterFilterReply.DENY);
        assertThat(reply("kafka.consumer.successful.authentication.total")).isEqualTo(MeterFilterReply.DENY);
    }

    @Test
    @DisplayName("what the dashboard and alerts read stays: lag max, dropped records, totals, failed authentications, Courier's own")
    void keepsWhatIsRead() {
        assertThat(reply("kafka.consumer.fetch.manager.records.lag.max", "topic", "t", "partition", "0"))
                .isEqualTo(MeterFilterReply.NEUTRAL);
        assertThat(reply("kafka.stream.task.dropped.records.total", "task-id", "0_1")).isEqualTo(MeterFilterReply.NEUTRAL);
        assertThat(reply("kafka.producer.record.send.total")).isEqualTo(MeterFilterReply.NEUTRAL);
        assertThat(reply("kafka.producer.compression.rate.avg")).isEqualTo(MeterFilterReply.NEUTRAL);
        assertThat(reply("kafka.consumer.failed.authentication.total")).isEqualTo(MeterFilterReply.NEUTRAL);
        assertThat(reply("kafka.stream.thread.commit.latency.max", "thread-id", "t1")).isEqualTo(MeterFilterReply.NEUTRAL);
        assertThat(reply("courier.worker.records.in", "topic", "t")).isEqualTo(MeterFilterReply.NEUTRAL);
    }

    private MeterFilterReply reply(String name, String... tags) {
        return filter.accept(new Meter.Id(name, Tags.of(tags), null, null, Meter.Type.GAUGE));
    }
}
