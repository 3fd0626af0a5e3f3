package dev.courier.persistence.internal.loop;

import static dev.courier.persistence.internal.loop.RecordedEnds.describe;
import static dev.courier.persistence.internal.loop.RecordedEnds.rec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.courier.persistence.SinkSettings;
import dev.courier.persistence.internal.batch.Batch;
import dev.courier.persistence.internal.write.WriteResult;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class LaneSchedulerTest {

    private static final TopicPartition P0 = new TopicPartition("t", 0);
    private static final TopicPartition P1 = new TopicPartition("t", 1);
    private static final TopicPartition P2 = new TopicPartition("t", 2);
    private static final WriteResult NOTHING = new WriteResult(Map.of(), List.of(), 0L);

    private final ExecutorService writers = Executors.newFixedThreadPool(2);
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    /** Every batch the writer was given, as "t-0@0 t-2@0". */
    private final List<String> writes = new CopyOnWriteArrayList<>();
    private final RecordedEnds recorded = new RecordedEnds();
    /** Every end the loop was told of, in order. */
    private final List<String> ends = recorded.seen;

    @AfterEach
    void stopWriters() {
        writers.shutdownNow();
    }

    @Test
    @DisplayName("a lane writes one batch at a time: what its partitions deliver meanwhile is its next batch")
    void oneWriteAtATimePerLane() {
        Semaphore commit = new Semaphore(0);
        LaneScheduler lanes = lanes(2, 100, Duration.ZERO, UnaryOperator.identity(), batch -> {
            commit.acquireUninterruptibly();
            return NOTHING;
        });
        lanes.add(rec(P0, 0), 0);
        lanes.add(rec(P2, 0), 0); // 2 modulo 2 lanes: the same lane as partition 0
        lanes.startDue(0);
        lanes.add(rec(P0, 1), 1);
        lanes.startDue(1);

        assertThat(lanes.writing()).isTrue();
        assertThat(lanes.nanosUntilDue(1)).as("a busy lane's buffer waits for its write").isEqualTo(Long.MAX_VALUE);
        assertThat(lanes.holds(P0)).isTrue();
        assertThat(lanes.backlog()).isEqualTo(3);
        commit.release(2);
        lanes.awaitAll();
        lanes.startDue(2);
        lanes.awaitAll();

        assertThat(writes).containsExactly("t-0@0 t-2@0", "t-0@1");
        assertThat(ends).containsExactly("written t-0@0 t-2@0", "written t-0@1");
        assertThat(lanes.writing()).isFalse();
        assertThat(lanes.holds(P0)).isFalse();
        assertThat(registry.counter("courier.sink.records").count()).isEqualTo(3);
    }

    @Test
    @DisplayName("lanes write at the same time")
    void lanesWriteInParallel() {
        CountDownLatch bothStarted = new CountDownLatch(2);
        LaneScheduler lanes = lanes(2, 100, Duration.ZERO, UnaryOperator.identity(), batch -> {
            bothStarted.countDown();
            try {
                if (!bothStarted.await(10, TimeUnit.SECONDS)) {
                    throw new SQLException("the other lane never started");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SQLException(e);
            }
            return NOTHING;
        });
        lanes.add(rec(P0, 0), 0);
        lanes.add(rec(P1, 0), 0);
        lanes.startDue(0);
        lanes.awaitAll();

        assertThat(ends).containsExactlyInAnyOrder("written t-0@0", "written t-1@0");
    }

    @Test
    @DisplayName("a failed batch is retried as it was, before anything its lane buffered after it")
    void failedBatchIsRetriedFirst() {
        AtomicInteger calls = new AtomicInteger();
        LaneScheduler lanes = lanes(1, 100, Duration.ZERO, UnaryOperator.identity(), batch -> {
            if (calls.getAndIncrement() == 0) {
                throw new SQLException("connection refused", "08001");
            }
            return NOTHING;
        });
        lanes.add(rec(P0, 0), 0);
        lanes.startDue(0);
        lanes.awaitAll();
        assertThat(ends).containsExactly("failed lane 0: t-0@0");
        assertThat(lanes.anyFailed()).isTrue();
        assertThat(lanes.retrying()).isTrue();

        lanes.add(rec(P0, 1), 1);
        lanes.startDue(1);
        lanes.awaitAll();
        assertThat(lanes.anyFailed()).as("the retry succeeded").isFalse();
        lanes.startDue(2);
        lanes.awaitAll();

        assertThat(writes).containsExactly("t-0@0", "t-0@0", "t-0@1");
        assertThat(lanes.retrying()).isFalse();
    }

    @Test
    @DisplayName("a revoked partition's buffered and failed records are dropped; a lane left with nothing to retry holds no one back")
    void forgetDropsWhatIsNoLongerOwned() {
        LaneScheduler lanes = lanes(1, 100, Duration.ZERO, UnaryOperator.identity(), batch -> {
            throw new SQLException("connection refused", "08001");
        });
        lanes.add(rec(P0, 0), 0);
        lanes.add(rec(P1, 0), 0);
        lanes.startDue(0);
        lanes.awaitAll();
        lanes.add(rec(P0, 1), 1);

        lanes.forget(List.of(P0));
        assertThat(lanes.holds(P0)).isFalse();
        assertThat(lanes.holds(P1)).isTrue();
        assertThat(lanes.anyFailed()).isTrue();
        assertThat(lanes.backlog()).isEqualTo(1);

        lanes.forget(List.of(P1));
        assertThat(lanes.anyFailed()).isFalse();
        assertThat(lanes.retrying()).isFalse();
        assertThat(lanes.backlog()).isZero();
    }

    @Test
    @DisplayName("a buffer is written once it lingered or is full; a full one holds back its lane's partitions only")
    void dueByLingerOrSize() {
        LaneScheduler lanes = lanes(2, 2, Duration.ofMillis(50), UnaryOperator.identity(), batch -> NOTHING);
        long t0 = 1_000;
        lanes.add(rec(P1, 0), t0);
        assertThat(lanes.nanosUntilDue(t0 + ms(10))).isEqualTo(ms(40));
        lanes.startDue(t0 + ms(10));
        assertThat(lanes.writing()).isFalse();

        lanes.add(rec(P0, 0), t0);
        lanes.add(rec(P2, 0), t0);
        assertThat(lanes.full(0)).isTrue();
        assertThat(lanes.full(2)).isTrue();
        assertThat(lanes.full(1)).isFalse();
        assertThat(lanes.nanosUntilDue(t0)).isZero();

        lanes.startDue(t0 + ms(50));
        lanes.awaitAll();
        assertThat(writes).containsExactlyInAnyOrder("t-0@0 t-2@0", "t-1@0");
    }

    @Test
    @DisplayName("writeAll writes what is buffered whether due or not, and waits for it")
    void writeAllDoesNotWaitForLinger() {
        LaneScheduler lanes = lanes(2, 100, Duration.ofHours(1), UnaryOperator.identity(), batch -> NOTHING);
        lanes.add(rec(P0, 0), 0);
        lanes.add(rec(P1, 0), 0);

        lanes.writeAll();

        assertThat(lanes.writing()).isFalse();
        assertThat(ends).containsExactlyInAnyOrder("written t-0@0", "written t-1@0");
    }

    @Test
    @DisplayName("a batch is stamped by its owner when it leaves the buffer")
    void batchIsOwnedBeforeItIsWritten() {
        List<Batch> seen = new CopyOnWriteArrayList<>();
        LaneScheduler lanes = lanes(1, 100, Duration.ZERO, b -> b.owned(Map.of(P0, 9L), Map.of(P0, 4L)), batch -> {
            seen.add(batch);
            return NOTHING;
        });
        lanes.add(rec(P0, 0), 0);
        lanes.startDue(0);
        lanes.awaitAll();

        assertThat(seen).singleElement().satisfies(b -> {
            assertThat(b.epoch(P0)).isEqualTo(4);
            assertThat(b.nextOffsets()).containsExactlyEntriesOf(Map.of(P0, 9L));
        });
    }

    @Test
    @DisplayName("a bug on a writer thread reaches the poll thread instead of being retried")
    void unexpectedErrorIsNotRetried() {
        LaneScheduler lanes = lanes(1, 100, Duration.ZERO, UnaryOperator.identity(), batch -> {
            throw new IllegalStateException("bug");
        });
        lanes.add(rec(P0, 0), 0);
        lanes.startDue(0);

        assertThatThrownBy(lanes::awaitAll).isInstanceOf(IllegalStateException.class).hasMessage("bug");
        assertThat(ends).isEmpty();
    }

    @Test
    @DisplayName("after a halt, writes in flight that commit are counted and nothing else happens")
    void abandonCountsWhatCommitted() {
        LaneScheduler lanes = lanes(1, 100, Duration.ZERO, UnaryOperator.identity(), batch -> NOTHING);
        lanes.add(rec(P0, 0), 0);
        lanes.add(rec(P0, 1), 0);
        lanes.startDue(0);

        lanes.abandon();

        assertThat(lanes.writing()).isFalse();
        assertThat(ends).isEmpty();
        assertThat(registry.counter("courier.sink.records").count()).isEqualTo(2);
    }

    private LaneScheduler lanes(int count, int maxRows, Duration linger, UnaryOperator<Batch> own,
                                LaneScheduler.Write write) {
        SinkSettings settings = SinkSettings.defaults().withWriterThreads(count).withBatching(maxRows, linger);
        LaneScheduler.Write counted = batch -> {
            writes.add(describe(batch));
            return write.write(batch);
        };
        return new LaneScheduler(settings, writers, counted, own, new SinkMetrics(registry, () -> true), recorded);
    }

    private static long ms(long millis) {
        return TimeUnit.MILLISECONDS.toNanos(millis);
    }
}
