package dev.courier.persistence.internal.loop;

import java.util.Collection;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.common.TopicPartition;

/**
 * What the sink does when its group hands it partitions or takes them away. Runs on the poll thread, inside a poll
 * (or the consumer's close).
 *
 * <ul>
 *   <li>Assigned: held until claimed in {@code sink_offsets}, since only the database knows what was written.</li>
 *   <li>Revoked: the writes in flight end first, then what is buffered is written while this instance still owns it
 *       (unless a retry is backing off: the database is not taking writes), so the next owner has less to re-read.
 *       What is left is dropped: the next owner starts from the stored offsets, so nothing is skipped and nothing is
 *       written twice.</li>
 *   <li>Lost: the group moved on without this instance, so nothing more is written; only the write in flight ends
 *       (its owner epoch decides whether it commits) before the partitions are dropped.</li>
 *   <li>A halted sink acts as a dead process: it does nothing.</li>
 * </ul>
 */
final class PartitionHandover implements ConsumerRebalanceListener {

    private final PartitionClaims claims;
    private final LaneScheduler lanes;
    private final KafkaOffsetCommits kafkaCommits;
    private final WriteHealth health;
    private final CrashSwitch crash;
    private final Runnable position;
    private final Runnable writeBuffered;

    /**
     * @param position      claims what is unclaimed, retried by the loop like a write when the database refuses
     * @param writeBuffered writes everything buffered and waits, if the sink may still write at all
     */
    PartitionHandover(PartitionClaims claims, LaneScheduler lanes, KafkaOffsetCommits kafkaCommits, WriteHealth health,
                      CrashSwitch crash, Runnable position, Runnable writeBuffered) {
        this.claims = claims;
        this.lanes = lanes;
        this.kafkaCommits = kafkaCommits;
        this.health = health;
        this.crash = crash;
        this.position = position;
        this.writeBuffered = writeBuffered;
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return;
        }
        claims.assigned(partitions);
        position.run();
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
        if (partitions.isEmpty() || crash.tripped()) { // a halted sink acts as a dead process: no more writes
            return;
        }
        lanes.awaitAll();
        if (health.due(System.nanoTime())) {
            writeBuffered.run(); // write what we have while we still own it
        }
        forget(partitions);
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
        if (crash.tripped()) {
            return;
        }
        lanes.awaitAll(); // a write in flight commits or fails before the partitions are given up
        forget(partitions);
    }

    private void forget(Collection<TopicPartition> partitions) {
        lanes.forget(partitions);
        claims.forget(partitions);
        kafkaCommits.forget(partitions);
    }
}
