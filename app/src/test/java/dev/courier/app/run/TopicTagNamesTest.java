package dev.courier.app.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class TopicTagNamesTest {

    @Test
    @DisplayName("Kafka's underscored topic tag and the real one become one series under the real name; other topics are left alone")
    void oneSeriesPerTopic() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        registry.config().meterFilter(new TopicTagNames(List.of("courier.chat-events.in")));
        Gauge.builder("kafka.consumer.fetch.manager.records.lag", () -> 3).tags("topic", "courier.chat-events.in", "partition", "0")
                .register(registry);
        Gauge.builder("kafka.consumer.fetch.manager.records.lag", () -> 3).tags("topic", "courier_chat-events_in", "partition", "0")
                .register(registry);
        Gauge.builder("kafka.consumer.fetch.manager.records.lag", () -> 1).tags("topic", "other_topic", "partition", "0")
                .register(registry);

        assertThat(registry.find("kafka.consumer.fetch.manager.records.lag").gauges())
                .extracting(g -> g.getId().getTag("topic")).containsExactlyInAnyOrder("courier.chat-events.in", "other_topic");
    }
}
