package dev.courier.persistence.internal.loop;

import static dev.courier.persistence.internal.loop.RecordedEnds.describe;
import static dev.courier.persistence.internal.loop.RecordedEnds.rec;
import static org.assertj.core.api.Assertions.assertThat;

import dev.courier.persistence.SinkSettings;
import dev.courier.persistence.internal.write.WriteResult;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The handover's decisions, called as the consumer would call them. A real rebalance (and the revocation of a live
 * sink's partitions) is what SinkOffsetsIT and the app's ScaleOutIT run against a broker; the consumer here is only
 * the inert stand-in that PartitionClaims and KafkaOffsetCommits hold.
 */
class PartitionHandoverTest {

    private static final TopicPartition P0 = new TopicPartition("t", 0);
    private static final long HOUR = TimeUnit.HOURS.toNanos(1);

    private final ExecutorService writers = Executors.newSingleThreadExecutor();
    private final MockConsumer<String, byte[]> consumer = new MockConsumer<>("earliest");
    /** Never asked to claim: positioning is counted, not run. */
    private final PartitionClaims claims = new PartitionClaims(new OffsetStore(null, "test"), consumer);
    private final WriteHealth health = new WriteHealth(new Backoff(HOUR, HOUR), () -> { });
    private final AtomicBoolean halted = new AtomicBoolean();
    private final Semaphore commit = new Semaphore(0);
    private final List<String> writes = new CopyOnWriteArrayList<>();
    private final RecordedEnds ends = new RecordedEnds();
    private final LaneScheduler lanes = new LaneScheduler(
            SinkSettings.defaults().withWriterThreads(1).withBatching(100, Duration.ofHours(1)), writers,
            batch -> {
                writes.add(describe(batch));
                awaitCommit(); // a test that waits for a write it should not wait for fails instead of hanging
                return new WriteResult(Map.of(), List.of(), 0L);
            },
            UnaryOperator.identity(), new SinkMetrics(new SimpleMeterRegistry(), () -> true), ends);
    private final AtomicInteger positioned = new AtomicInteger();
    private final AtomicInteger flushes = new AtomicInteger();
    private final PartitionHandover handover = new PartitionHandover(claims, lanes, new KafkaOffsetCommits(consumer),
            health, halted::get, positioned::incrementAndGet, () -> {
                flushes.incrementAndGet();
                lanes.writeAll();
            });

    @AfterEach
    void stopWriters() {
        writers.shutdownNow();
    }

    @Test
    @DisplayName("assigned partitions deliver nothing until they are claimed; an empty assignment claims nothing")
    void assignedPartitionsWaitForTheirClaim() {
        handover.onPartitionsAssigned(List.of());
        assertThat(positioned).hasValue(0);

        consumer.assign(List.of(P0));
        handover.onPartitionsAssigned(List.of(P0));

        assertThat(consumer.paused()).containsExactly(P0);
        assertThat(claims.writable(P0)).isFalse();
        assertThat(claims.unclaimed()).containsExactly(P0);
        assertThat(positioned).hasValue(1);
    }

    @Test
    @DisplayName("revoked partitions: the write in flight ends, what is buffered is written while still owned, the rest is dropped")
    void revokedPartitionsAreWrittenWhileOwned() {
        startWriteThenBuffer();
        commit.release(2);

        handover.onPartitionsRevoked(List.of(P0));

        assertThat(writes).containsExactly("t-0@0", "t-0@1");
        assertThat(ends.seen).containsExactly("written t-0@0", "written t-0@1");
        assertThat(lanes.holds(P0)).isFalse();
    }

    @Test
    @DisplayName("revoked while a failed write backs off: nothing more is written, the partitions are dropped")
    void revokedWhileBackingOffWritesNothingMore() {
        startWriteThenBuffer();
        commit.release();
        health.writeFailed(System.nanoTime()); // the next attempt is an hour away

        handover.onPartitionsRevoked(List.of(P0));

        assertThat(flushes).hasValue(0);
        assertThat(writes).containsExactly("t-0@0");
        assertThat(lanes.holds(P0)).isFalse();
    }

    @Test
    @DisplayName("lost partitions: the write in flight ends, nothing more is written, what is held of them is dropped")
    void lostPartitionsAreNotWritten() {
        startWriteThenBuffer();
        commit.release();

        handover.onPartitionsLost(List.of(P0));

        assertThat(flushes).hasValue(0);
        assertThat(ends.seen).containsExactly("written t-0@0");
        assertThat(lanes.holds(P0)).isFalse();
        assertThat(lanes.backlog()).isZero();
    }

    @Test
    @DisplayName("a halted sink acts as a dead process: revoked or lost, it waits for nothing and writes nothing")
    void haltedSinkDoesNothing() {
        startWriteThenBuffer();
        halted.set(true);

        handover.onPartitionsRevoked(List.of(P0));
        handover.onPartitionsLost(List.of(P0));

        assertThat(lanes.writing()).as("the write in flight was not waited for").isTrue();
        assertThat(flushes).hasValue(0);
        assertThat(lanes.holds(P0)).isTrue();
        commit.release();
    }

    private void awaitCommit() throws SQLException {
        try {
            if (!commit.tryAcquire(5, TimeUnit.SECONDS)) {
                throw new SQLException("the test never let this write commit");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException(e);
        }
    }

    /** One write of P0 in flight (until {@link #commit} lets it end), one record of P0 buffered behind it. */
    private void startWriteThenBuffer() {
        lanes.add(rec(P0, 0), 0);
        lanes.startDue(HOUR); // lingered an hour
        lanes.add(rec(P0, 1), HOUR); // due an hour later: written before that only if asked
    }
}
