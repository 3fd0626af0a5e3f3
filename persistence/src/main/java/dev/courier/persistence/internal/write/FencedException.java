package dev.courier.persistence.internal.write;

import java.util.Collection;
import org.apache.kafka.common.TopicPartition;

/**
 * A batch's offsets could not be stored under its owner epoch: another sink instance claimed one of its partitions
 * since (this one froze past its session timeout, say), or an offset would have gone backwards. Nothing of the batch
 * was committed; its records belong to the partition's new owner.
 */
public final class FencedException extends RuntimeException {

    private final Collection<TopicPartition> partitions;

    FencedException(Collection<TopicPartition> partitions, int stored) {
        super("the offsets of " + partitions + " were not stored (" + stored + " of " + partitions.size()
                + "): another sink instance owns some of them now", null, false, false);
        this.partitions = java.util.List.copyOf(partitions);
    }

    public Collection<TopicPartition> partitions() {
        return partitions;
    }
}
