package dev.courier.persistence.internal.loop;

import dev.courier.persistence.SinkSettings;
import dev.courier.persistence.internal.batch.Batch;
import dev.courier.persistence.internal.batch.SinkRecord;
import dev.courier.persistence.internal.write.FencedException;
import dev.courier.persistence.internal.write.WriteResult;
import java.sql.SQLException;
import java.util.Collection;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.apache.kafka.common.TopicPartition;

/**
 * Which lane writes what, and when. A record goes to the lane of its partition (number modulo the lane count); a lane
 * writes one batch at a time, so a partition's batches commit in offset order while the lanes write in parallel. A
 * lane's buffer becomes its next batch once due and the lane is idle, so batches grow by themselves while writes take
 * longer; a batch whose write failed stays the lane's next, ahead of anything buffered after it. Owned by the poll
 * thread: only the writes run on the writer threads, and their ends are handled on the poll thread through {@link Ends}.
 */
final class LaneScheduler {

    /** One batch in one transaction (the loop's {@code BatchWriter}). */
    @FunctionalInterface
    interface Write {
        WriteResult write(Batch batch) throws SQLException;
    }

    /** What a write's end means outside the lanes; called on the poll thread, once per write. */
    interface Ends {
        /** Committed (and already counted in the metrics). */
        void written(Batch batch);

        /** Refused by a retriable error; nothing was committed and the batch is its lane's next again. */
        void failed(int lane, Batch batch, Exception cause);

        /** Another instance owns some of the batch's partitions now; nothing was committed and the batch is gone. */
        void fenced(Batch batch, FencedException e);
    }

    private final Lane[] lanes;
    private final Executor writers;
    private final Write write;
    private final UnaryOperator<Batch> own;
    private final SinkMetrics metrics;
    private final Ends ends;
    /** Signalled by every finished write, so a loop with nothing to poll sleeps until one finishes. */
    private final BlockingQueue<Boolean> finished = new LinkedBlockingQueue<>();

    /**
     * @param writers runs the writes: {@link SinkSettings#writerThreads()} threads, one per lane
     * @param own     stamps a drained batch with its owner's epochs just before it is written
     */
    LaneScheduler(SinkSettings settings, Executor writers, Write write, UnaryOperator<Batch> own, SinkMetrics metrics,
                  Ends ends) {
        this.lanes = new Lane[settings.writerThreads()];
        for (int i = 0; i < lanes.length; i++) {
            lanes[i] = new Lane(i, settings.maxBatchRows(), settings.linger().toNanos());
        }
        this.writers = writers;
        this.write = write;
        this.own = own;
        this.metrics = metrics;
        this.ends = ends;
    }

    void add(SinkRecord record, long now) {
        lane(record.partition().partition()).buffer.add(record, now);
    }

    /** Starts a write on every idle lane that has a batch: the one that failed, else its buffer once due. */
    void startDue(long now) {
        for (Lane lane : lanes) {
            if (!lane.busy()) {
                if (lane.pending == null && lane.buffer.due(now)) {
                    lane.pending = own.apply(lane.buffer.drain());
                }
                if (lane.pending != null) {
                    start(lane);
                }
            }
        }
    }

    /** Writes everything the lanes hold, due or not, and waits; for idle lanes only (after {@link #awaitAll()}). */
    void writeAll() {
        for (Lane lane : lanes) {
            if (lane.pending == null && !lane.buffer.isEmpty()) {
                lane.pending = own.apply(lane.buffer.drain());
            }
            if (lane.pending != null) {
                start(lane);
            }
        }
        awaitAll();
    }

    /** Handles every write that has ended, without waiting. */
    void finishEnded() {
        finished.clear();
        for (Lane lane : lanes) {
            if (lane.busy() && lane.inFlight.isDone()) {
                finish(lane);
            }
        }
    }

    /** Waits for every write in flight and handles it (a rebalance or shutdown must not leave one behind). */
    void awaitAll() {
        for (Lane lane : lanes) {
            if (lane.busy()) {
                finish(lane);
            }
        }
    }

    /** Sleeps until some write ends, at most {@code nanos}: for a loop whose partitions are all paused. */
    void awaitEnd(long nanos) throws InterruptedException {
        finished.poll(nanos, TimeUnit.NANOSECONDS);
    }

    /**
     * After a halt, the writes already in flight end on their own (as they would on a database whose client died);
     * the ones that committed are counted, nothing else happens.
     */
    void abandon() {
        for (Lane lane : lanes) {
            if (lane.busy()) {
                try {
                    Lane.Attempt a = lane.inFlight.join();
                    if (a.retriable() == null) {
                        metrics.flushed(lane.writing, System.nanoTime() - lane.writeStartedAt, a.result());
                    }
                } catch (CompletionException ignored) {
                    // halted before its commit: nothing was written
                }
                lane.inFlight = null;
                lane.writing = null;
            }
        }
    }

    /** Drops what the lanes hold of partitions this instance no longer owns (their next owner re-reads them). */
    void forget(Collection<TopicPartition> partitions) {
        for (Lane lane : lanes) {
            lane.forget(partitions);
        }
    }

    boolean writing() {
        for (Lane lane : lanes) {
            if (lane.busy()) {
                return true;
            }
        }
        return false;
    }

    /** Whether some lane has a batch waiting to be retried. */
    boolean retrying() {
        for (Lane lane : lanes) {
            if (lane.pending != null) {
                return true;
            }
        }
        return false;
    }

    /** Whether some lane's last write failed and has not succeeded since: every partition waits for it. */
    boolean anyFailed() {
        for (Lane lane : lanes) {
            if (lane.failed) {
                return true;
            }
        }
        return false;
    }

    /** How long until an idle lane's buffer is due: {@code Long.MAX_VALUE} if none buffers anything. */
    long nanosUntilDue(long now) {
        long wait = Long.MAX_VALUE;
        for (Lane lane : lanes) {
            if (!lane.busy() && lane.pending == null) {
                wait = Math.min(wait, lane.buffer.nanosUntilDue(now));
            }
        }
        return wait;
    }

    /** Whether the lane of {@code partition} buffers all it may: its partitions deliver nothing more until it writes. */
    boolean full(int partition) {
        return lane(partition).buffer.isFull();
    }

    /** True if {@code tp}'s lane buffers, retries or writes records of it. */
    boolean holds(TopicPartition tp) {
        return lane(tp.partition()).holds(tp);
    }

    /** Records buffered, waiting to be retried or being written. */
    long backlog() {
        long n = 0;
        for (Lane lane : lanes) {
            n += lane.backlog();
        }
        return n;
    }

    private Lane lane(int partition) {
        return lanes[partition % lanes.length];
    }

    private void start(Lane lane) {
        Batch batch = lane.pending;
        lane.pending = null;
        lane.writing = batch;
        lane.writeStartedAt = System.nanoTime();
        lane.inFlight = CompletableFuture.supplyAsync(() -> attempt(batch), writers);
        lane.inFlight.whenComplete((a, e) -> finished.offer(Boolean.TRUE));
    }

    private Lane.Attempt attempt(Batch batch) {
        try {
            return new Lane.Attempt(write.write(batch), null, null);
        } catch (SQLException e) {
            return new Lane.Attempt(null, e, null);
        } catch (FencedException e) {
            return new Lane.Attempt(null, null, e);
        }
    }

    /** Handles the end of a lane's write: counted and reported when committed; a failed batch is the lane's next. */
    private void finish(Lane lane) {
        Lane.Attempt a = outcome(lane);
        Batch batch = lane.writing;
        long nanos = System.nanoTime() - lane.writeStartedAt;
        lane.inFlight = null;
        lane.writing = null;
        if (a.fenced() != null) {
            ends.fenced(batch, a.fenced());
        } else if (a.retriable() == null) {
            metrics.flushed(batch, nanos, a.result());
            lane.failed = false;
            ends.written(batch);
        } else {
            lane.pending = batch;
            lane.failed = true;
            ends.failed(lane.index, batch, a.retriable());
        }
    }

    private static Lane.Attempt outcome(Lane lane) {
        try {
            return lane.inFlight.join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re; // a bug, or a fault-injection halt on the writer thread
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw e;
        }
    }
}
