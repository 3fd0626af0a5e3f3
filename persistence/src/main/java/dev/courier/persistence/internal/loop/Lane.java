package dev.courier.persistence.internal.loop;

import dev.courier.persistence.internal.batch.Batch;
import dev.courier.persistence.internal.batch.SinkBuffer;
import dev.courier.persistence.internal.write.FencedException;
import dev.courier.persistence.internal.write.WriteResult;
import java.util.Collection;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.TopicPartition;

/**
 * One writer lane: the partitions whose number is congruent modulo the lane count, their buffered records, the batch
 * to write next and the one being written. A lane has at most one transaction in flight, so its partitions' batches
 * commit in offset order; lanes never share a row (chat-scoped topics are co-partitioned, unread is keyed by user).
 * Owned by the poll thread; only the write itself runs on the lane's executor.
 */
final class Lane {

    /**
     * How a write ended: written; refused by a retriable error (nothing committed); or fenced: another instance owns
     * some of the batch's partitions now (nothing committed, and the batch must not be retried).
     */
    record Attempt(WriteResult result, Exception retriable, FencedException fenced) {
    }

    final int index;
    final SinkBuffer buffer;
    /** The next batch to write; one that failed is retried as it is, before anything buffered after it. */
    Batch pending;
    /** The batch being written, when it started and its outcome; null when the lane is idle. */
    Batch writing;
    long writeStartedAt;
    CompletableFuture<Attempt> inFlight;
    /** The last write of this lane failed (retriable); {@link #pending} holds it. */
    boolean failed;

    Lane(int index, int maxRows, long lingerNanos) {
        this.index = index;
        this.buffer = new SinkBuffer(maxRows, lingerNanos);
    }

    boolean busy() {
        return inFlight != null;
    }

    int backlog() {
        return buffer.size() + (pending == null ? 0 : pending.size()) + (writing == null ? 0 : writing.size());
    }

    /** True if this lane buffers, retries or writes records of {@code tp}. */
    boolean holds(TopicPartition tp) {
        return buffer.holds(tp) || (pending != null && pending.nextOffsets().containsKey(tp))
                || (writing != null && writing.nextOffsets().containsKey(tp));
    }

    /** Drops what this lane holds of partitions it no longer owns (their next owner re-reads them). */
    void forget(Collection<TopicPartition> partitions) {
        buffer.drop(partitions);
        if (pending != null) {
            Batch rest = pending.without(partitions);
            pending = rest.isEmpty() ? null : rest;
            failed = failed && pending != null;
        }
    }
}
