package dev.courier.persistence.internal.loop;

import dev.courier.persistence.internal.batch.Batch;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which assigned partitions this sink instance may write, and under which owner epoch. An assigned partition delivers
 * nothing until it is claimed in {@code sink_offsets}: its epoch bumped and its stored offset read in one statement
 * (the database, not Kafka, knows what was written; none stored means from the beginning). A partition another
 * instance claimed since is fenced: held until the rebalance settles who owns it.
 */
final class PartitionClaims {

    private static final Logger log = LoggerFactory.getLogger(PartitionClaims.class);

    private final OffsetStore offsets;
    private final Consumer<?, ?> consumer;
    private final Set<TopicPartition> unclaimed = new HashSet<>();
    private final Map<TopicPartition, Long> epochs = new HashMap<>();
    private final Set<TopicPartition> fenced = new HashSet<>();

    PartitionClaims(OffsetStore offsets, Consumer<?, ?> consumer) {
        this.offsets = offsets;
        this.consumer = consumer;
    }

    /** Newly assigned partitions: paused, so that nothing is fetched from Kafka's position before they are claimed. */
    void assigned(Collection<TopicPartition> partitions) {
        consumer.pause(partitions);
        fenced.removeAll(partitions);
        unclaimed.addAll(partitions);
    }

    boolean anyUnclaimed() {
        return !unclaimed.isEmpty();
    }

    Set<TopicPartition> unclaimed() {
        return Set.copyOf(unclaimed);
    }

    /**
     * Claims every unclaimed partition and seeks the consumer to its stored offset; answers the partitions claimed.
     * When the database cannot be reached nothing changes and the caller retries.
     */
    Set<TopicPartition> claim() throws SQLException {
        Map<TopicPartition, OffsetStore.Claim> claims = offsets.claim(unclaimed);
        for (TopicPartition tp : unclaimed) {
            OffsetStore.Claim claim = claims.get(tp);
            epochs.put(tp, claim.epoch());
            if (claim.next() == null) {
                consumer.seekToBeginning(List.of(tp));
            } else {
                consumer.seek(tp, claim.next());
            }
        }
        log.info("Claimed and positioned {} from sink_offsets: {}", unclaimed, claims);
        Set<TopicPartition> claimed = Set.copyOf(unclaimed);
        unclaimed.clear();
        return claimed;
    }

    /** Whether {@code tp} may deliver and be written: claimed and not fenced. */
    boolean writable(TopicPartition tp) {
        return !unclaimed.contains(tp) && !fenced.contains(tp);
    }

    /**
     * A drained batch with this owner's epochs, its offsets raised to the consumer's positions: the lane held every
     * record fetched of its partitions, so all below a position is in this batch or written before.
     */
    Batch own(Batch drained) {
        Map<TopicPartition, Long> positions = new HashMap<>();
        Set<TopicPartition> assigned = consumer.assignment();
        for (TopicPartition tp : drained.nextOffsets().keySet()) {
            if (assigned.contains(tp)) {
                positions.put(tp, consumer.position(tp));
            }
        }
        return drained.owned(positions, epochs);
    }

    /** Another instance claimed {@code lost}: held until the group rejoins, or claimed again where it cannot rejoin. */
    void fence(Set<TopicPartition> lost, boolean rejoining) {
        lost.forEach(epochs::remove);
        if (rejoining) {
            fenced.addAll(lost);
        } else {
            unclaimed.addAll(lost);
        }
    }

    void forget(Collection<TopicPartition> partitions) {
        unclaimed.removeAll(partitions);
        fenced.removeAll(partitions);
        partitions.forEach(epochs::remove);
    }
}
