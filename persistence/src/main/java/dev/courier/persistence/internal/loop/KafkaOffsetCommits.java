package dev.courier.persistence.internal.loop;

import java.time.Duration;
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
 * itself from {@code sink_offsets}. Committed asynchronously, forward only, and only for partitions still assigned;
 * once more synchronously when the sink stops.
 */
final class KafkaOffsetCommits {

    private static final Logger log = LoggerFactory.getLogger(KafkaOffsetCommits.class);

    private final Consumer<?, ?> consumer;
    private final Map<TopicPartition, Long> committed = new HashMap<>();
    /** What the database holds per partition, for the last commit: an asynchronous one may have failed unnoticed. */
    private final Map<TopicPartition, OffsetAndMetadata> written = new HashMap<>();

    KafkaOffsetCommits(Consumer<?, ?> consumer) {
        this.consumer = consumer;
    }

    /** A batch's offsets, once the database committed it. */
    void written(Map<TopicPartition, Long> next) {
        next.forEach((tp, offset) -> written.put(tp, new OffsetAndMetadata(offset)));
        commit(next);
    }

    /** The sink stops: every offset written, synchronously, before the consumer closes. */
    void commitWritten(Duration timeout) {
        if (!written.isEmpty()) {
            consumer.commitSync(written, timeout);
        }
    }

    private void commit(Map<TopicPartition, Long> next) {
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

    /** Partitions another instance claimed: what this one wrote of them is not its to commit when it stops. */
    void fenced(Collection<TopicPartition> lost) {
        lost.forEach(written::remove);
    }

    void forget(Collection<TopicPartition> partitions) {
        partitions.forEach(committed::remove);
        partitions.forEach(written::remove);
    }
}
