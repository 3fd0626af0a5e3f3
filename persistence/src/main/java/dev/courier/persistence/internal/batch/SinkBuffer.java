package dev.courier.persistence.internal.batch;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Decides what to flush and when: a flush is due when {@code maxRows} records are buffered or the oldest buffered
 * record has waited {@code linger}. At low load a record waits at most the linger; at high load polls keep filling
 * the buffer, so batches grow up to {@code maxRows}. Not thread-safe (the sink's poll thread owns it).
 */
public final class SinkBuffer {

    private final int maxRows;
    private final long lingerNanos;
    private final List<SinkRecord> records = new ArrayList<>();
    private long firstAddedAt;

    public SinkBuffer(int maxRows, long lingerNanos) {
        this.maxRows = maxRows;
        this.lingerNanos = lingerNanos;
    }

    public void add(SinkRecord record, long nowNanos) {
        if (records.isEmpty()) {
            firstAddedAt = nowNanos;
        }
        records.add(record);
    }

    public int size() {
        return records.size();
    }

    public boolean isEmpty() {
        return records.isEmpty();
    }

    public boolean isFull() {
        return records.size() >= maxRows;
    }

    public boolean due(long nowNanos) {
        return !records.isEmpty() && (isFull() || nowNanos - firstAddedAt >= lingerNanos);
    }

    /** How long until a flush is due: 0 if it is, {@code Long.MAX_VALUE} if the buffer is empty. */
    public long nanosUntilDue(long nowNanos) {
        if (records.isEmpty()) {
            return Long.MAX_VALUE;
        }
        return isFull() ? 0 : Math.max(0, firstAddedAt + lingerNanos - nowNanos);
    }

    /** Everything buffered, as a batch; the buffer is empty afterwards. */
    public Batch drain() {
        Batch batch = Batch.of(records);
        records.clear();
        return batch;
    }

    public boolean holds(Object partition) {
        for (SinkRecord r : records) {
            if (r.partition().equals(partition)) {
                return true;
            }
        }
        return false;
    }

    /** Forgets the records of partitions this consumer no longer owns (their next owner re-reads them). */
    public void drop(Collection<?> partitions) {
        records.removeIf(r -> partitions.contains(r.partition()));
    }
}
