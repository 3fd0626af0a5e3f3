package dev.courier.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.courier.app.Main;
import dev.courier.app.kafka.TopicCreator;
import dev.courier.events.EventCodec;
import dev.courier.events.EventLimits;
import dev.courier.events.Topics;
import dev.courier.testkit.KafkaExtension;
import dev.courier.testkit.KafkaTestContext;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(KafkaExtension.class)
class TopicsCreateIT {

    @Test
    @DisplayName("courier topics create creates every topic with the configured partitions and is idempotent")
    void createsIdempotently(KafkaTestContext kafka) throws Exception {
        Map<String, String> env = Map.of("COURIER_KAFKA_BOOTSTRAP", kafka.bootstrapServers(),
                "COURIER_TOPIC_PREFIX", kafka.topicPrefix(), "COURIER_PARTITIONS", "3");

        assertThat(Main.run(env, "topics", "create")).isZero();
        assertThat(Main.run(env, "topics", "create")).isZero();

        Topics topics = new Topics(kafka.topicPrefix(), new EventCodec(EventLimits.defaults()));
        Map<String, TopicDescription> described = kafka.admin()
                .describeTopics(topics.all().stream().map(t -> t.name()).toList()).allTopicNames().get();
        assertThat(described).hasSize(topics.all().size()).containsKey(topics.reroute().name());
        assertThat(described.values()).allSatisfy(d -> assertThat(d.partitions()).hasSize(3));
    }

    @Test
    @DisplayName("a chat-scoped topic with a different partition count is reported, because it breaks co-partitioning")
    void refusesMismatchedPartitions(KafkaTestContext kafka) throws Exception {
        String prefix = kafka.topicPrefix() + "mismatch.";
        Topics topics = new Topics(prefix, new EventCodec(EventLimits.defaults()));
        kafka.admin().createTopics(List.of(new NewTopic(topics.chatLog().name(), 2, (short) 1))).all().get();

        TopicCreator creator = new TopicCreator(kafka.admin());

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> creator.createAll(topics, 3, Optional.empty()))
                .hasMessageContaining("chat-scoped topics must share one partition count")
                .hasMessageContaining(topics.chatLog().name() + " has 2");
    }
}
