package dev.courier.persistence.internal.loop;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sink group's offsets in Kafka, for lag tools only (kafka-consumer-groups, Burrow, courier lag): the sink positions
 * itself from {@code sink_offsets}. Committed asynchronously, forward only, and only for partitions still assigned.
 */
final class KafkaOffsetCommits {

    private static final Logger log = LoggerFactory.getLogger(KafkaOffsetCommits.class);

    private final Consumer<?, ?> consumer;
    private final Map<TopicPartition, Long> committed = new HashMap<>();

    KafkaOffsetCommits(Consumer<?, ?> consumer) {
        this.consumer = consumer;
    }

    void commit(Map<TopicPartition, Long> next) {
        Map<TopicPartition, OffsetAndMetadata> commit = new HashMap<>();
        Set<TopicPartition> owned = consumer.assignment();
        next.forEach((tp, offset) -> {
            if (owned.contains(tp) && offset > committed.getOrDefault(tp, -1L)) {
                commit.put(tp, new OffsetAndMetadata(offset));
                committed.put(tp, offset);
            }
        });
        if (!commit.isEmpty()) {
            consumer.commitAsync(commit, (o, e) -> {
                if (e != null) {
                    log.debug("Kafka offset commit failed (lag tools only; the database holds the real offsets): {}",
                            e.toString());
                }
            });
        }
    }

    /**
     * Commits the position of every assigned partition {@code idle} accepts (the sink holds nothing of it): everything
     * below it was written, so the transaction markers after the last written record do not show as lag.
     */
    void commitIdle(Predicate<TopicPartition> idle) {
        Map<TopicPartition, Long> positions = new HashMap<>();
        for (TopicPartition tp : consumer.assignment()) {
            if (idle.test(tp)) {
                positions.put(tp, consumer.position(tp));
            }
        }
        commit(positions);
    }

    void forget(Collection<TopicPartition> partitions) {
        partitions.forEach(committed::remove);
    }
}
