package dev.courier.persistence.internal.loop;

import dev.courier.events.CourierEvent;
import dev.courier.events.Decoded;
import dev.courier.events.Topic;
import dev.courier.persistence.SinkSettings;
import dev.courier.persistence.internal.batch.Batch;
import dev.courier.persistence.internal.batch.SinkRecord;
import dev.courier.persistence.internal.write.BatchWriter;
import dev.courier.persistence.internal.write.FencedException;
import dev.courier.persistence.internal.write.SqlErrors;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sink's poll loop. One thread owns the consumer, the lanes' buffers and all bookkeeping; each lane's write (one
 * transaction: its partitions' rows and next offsets) runs on a writer thread, so the loop polls and decodes the next
 * records while earlier ones are being written.
 *
 * <ul>
 *   <li>Position ({@link PartitionClaims}): an assigned partition is paused until it is claimed in
 *       {@code sink_offsets} (the database, not Kafka, knows what was written). Every write stores its offsets only
 *       under the claim's owner epoch, so an instance that lost the partition while frozen commits nothing
 *       ({@link FencedException}: the batch is dropped, the partitions held and the group rejoined).</li>
 *   <li>Lanes ({@link LaneScheduler}): partition number modulo the lane count, one write at a time per lane; a lane
 *       whose buffer is full has its partitions paused (backpressure).</li>
 *   <li>Retry ({@link WriteHealth}): a failed write stays its lane's next batch; every partition is paused and the
 *       retry backs off (capped exponential) while polling continues (the consumer stays in its group); a success
 *       resumes. Not ready meanwhile.</li>
 *   <li>Rebalance ({@link PartitionHandover}): revoked partitions are written up to what was fetched, if the database
 *       is healthy, and then dropped; their next owner starts from the stored offsets, so nothing is skipped and
 *       nothing is written twice.</li>
 *   <li>Kafka offsets ({@link KafkaOffsetCommits}) are committed asynchronously after each write, and every second
 *       the position of each partition the sink holds nothing of, past transaction markers: only for lag tools.</li>
 * </ul>
 */
public final class SinkLoop implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(SinkLoop.class);

    /** Longest poll while a write is in flight and some partition may still deliver: how late a completion is seen. */
    private static final long IN_FLIGHT_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(2);
    private static final long LAG_UPDATE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    private static final long IDLE_COMMIT_NANOS = TimeUnit.SECONDS.toNanos(1);

    /** Thrown at a fault-injection point once the crash switch tripped: the loop stops as a crashed process would. */
    static final class Halted extends RuntimeException {
        Halted() {
            super("halted", null, false, false);
        }
    }

    private final Consumer<String, byte[]> consumer;
    private final Map<String, Deserializer<? extends Decoded<? extends CourierEvent>>> decoders = new HashMap<>();
    private final ExecutorService writers;
    private final OffsetStore offsets;
    private final PartitionClaims claims;
    private final LaneScheduler lanes;
    private final PartitionHandover handover;
    private final KafkaOffsetCommits kafkaCommits;
    private final WriteHealth health;
    private final SinkMetrics metrics;
    private final RejectOutbox outbox;
    private final CrashSwitch crash;
    private final long pollTimeoutNanos;
    private final Duration shutdownTimeout;

    private long nextLagUpdate;
    private long nextIdleCommit;

    private volatile boolean stopping;
    private volatile boolean running;
    private volatile Throwable failure;

    public SinkLoop(Consumer<String, byte[]> consumer, List<Topic<?>> topics, WriterFactory writerFactory, DataSource dataSource,
                    SinkSettings settings, MeterRegistry registry, RejectOutbox outbox, CrashSwitch crash) {
        this.consumer = consumer;
        this.crash = crash;
        this.outbox = outbox;
        for (Topic<?> t : topics) {
            decoders.put(t.name(), t.decodedSerde().deserializer());
        }
        this.writers = Executors.newFixedThreadPool(settings.writerThreads(), r -> {
            Thread t = new Thread(r, "courier-sink-writer");
            t.setDaemon(true);
            return t;
        });
        this.offsets = new OffsetStore(dataSource, settings.consumerGroup());
        this.claims = new PartitionClaims(offsets, consumer);
        this.kafkaCommits = new KafkaOffsetCommits(consumer);
        this.metrics = new SinkMetrics(registry, this::isReady);
        this.health = new WriteHealth(new Backoff(settings.retryInitialBackoff().toNanos(),
                settings.retryMaxBackoff().toNanos()), metrics::retried);
        this.lanes = new LaneScheduler(settings, writers, writerFactory.create(this::crashPoint)::write, claims::own,
                metrics, new WriteEnds());
        this.handover = new PartitionHandover(claims, lanes, kafkaCommits, health, crash, this::position,
                this::writeBuffered);
        this.pollTimeoutNanos = settings.pollTimeout().toNanos();
        this.shutdownTimeout = settings.shutdownTimeout();
    }

    /** Builds the writer given the loop's before-commit fault-injection point. */
    @FunctionalInterface
    public interface WriterFactory {
        BatchWriter create(Runnable beforeCommit);
    }

    public boolean isReady() {
        return running && health.healthy() && !stopping && failure == null;
    }

    public Throwable failure() {
        return failure;
    }

    /** Asks the loop to finish: it writes what it buffered if it can, commits to Kafka and closes the consumer. */
    public void stop() {
        stopping = true;
        consumer.wakeup();
    }

    @Override
    public void run() {
        running = true;
        try {
            try {
                offsets.ping();
                health.reachable();
            } catch (SQLException e) {
                log.warn("Database not reachable at start ({}); consuming once it is", SqlErrors.describe(e));
            }
            consumer.subscribe(decoders.keySet(), handover);
            while (!stopping) {
                step();
            }
        } catch (WakeupException e) {
            if (!stopping) {
                failure = e;
            }
        } catch (RuntimeException | Error e) {
            if (crash.tripped()) { // at a checkpoint, or inside a rebalance callback (wrapped by the consumer)
                log.info("Sink halted (fault injection): leaving the consumer and buffered records as they are");
                lanes.abandon(); // the writes in flight end on their own, as on a database whose client died
                writers.shutdownNow();
                return;
            }
            failure = e;
            log.error("Sink stopped on an unexpected error; it is not ready and must be restarted", e);
        } finally {
            running = false;
        }
        shutDown();
    }

    private void step() {
        long now = System.nanoTime();
        if (claims.anyUnclaimed() && health.due(now)) {
            position();
        }
        lanes.finishEnded();
        if (health.due(now)) { // while a failed write or claim backs off, no lane writes
            lanes.startDue(now);
        }
        applyPauses();
        ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofNanos(pollWait()));
        crashPoint();
        long at = System.nanoTime();
        for (ConsumerRecord<String, byte[]> r : records) {
            lanes.add(decode(r), at);
        }
        if (at >= nextLagUpdate) { // also when polls return nothing: a caught-up sink must read 0
            trackLag();
            nextLagUpdate = at + LAG_UPDATE_NANOS;
        }
        if (at >= nextIdleCommit) {
            kafkaCommits.commitIdle(tp -> claims.writable(tp) && !lanes.holds(tp));
            nextIdleCommit = at + IDLE_COMMIT_NANOS;
        }
    }

    /**
     * How long the next poll may wait: until a lane's buffer is due, a retry is due, or (a write in flight) briefly,
     * so its end is handled at once; if every partition is paused, the wait for a write's end happens here instead.
     */
    private long pollWait() {
        long now = System.nanoTime();
        long wait = Math.min(pollTimeoutNanos, lanes.nanosUntilDue(now));
        if (claims.anyUnclaimed() || lanes.retrying()) {
            wait = Math.min(wait, Math.max(health.nanosUntilDue(now), TimeUnit.MILLISECONDS.toNanos(1)));
        }
        if (lanes.writing()) {
            Set<TopicPartition> assigned = consumer.assignment();
            if (!assigned.isEmpty() && consumer.paused().containsAll(assigned)) {
                awaitWriteEnd(wait);
                return 0;
            }
            wait = Math.min(wait, IN_FLIGHT_POLL_NANOS);
        }
        return Math.max(0, wait);
    }

    private void awaitWriteEnd(long nanos) {
        try {
            lanes.awaitEnd(nanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WakeupException();
        }
    }

    private SinkRecord decode(ConsumerRecord<String, byte[]> r) {
        Decoded<? extends CourierEvent> value = decoders.get(r.topic()).deserialize(r.topic(), r.value());
        return new SinkRecord(new TopicPartition(r.topic(), r.partition()), r.offset(), r.key(), r.value(), value);
    }

    /**
     * Pauses what must not deliver records now: partitions not yet positioned, every partition while a write is
     * being retried, and the partitions of a lane whose buffer is full; resumes the rest.
     */
    private void applyPauses() {
        Set<TopicPartition> assigned = consumer.assignment();
        if (assigned.isEmpty()) {
            return;
        }
        boolean retrying = lanes.anyFailed();
        Set<TopicPartition> paused = consumer.paused();
        Set<TopicPartition> pause = new HashSet<>();
        Set<TopicPartition> resume = new HashSet<>();
        for (TopicPartition tp : assigned) {
            boolean hold = retrying || !claims.writable(tp) || lanes.full(tp.partition());
            if (hold && !paused.contains(tp)) {
                pause.add(tp);
            } else if (!hold && paused.contains(tp)) {
                resume.add(tp);
            }
        }
        if (!pause.isEmpty()) {
            consumer.pause(pause);
        }
        if (!resume.isEmpty()) {
            consumer.resume(resume);
        }
    }

    /**
     * Claims and positions every unclaimed partition, then publishes what a crash left of their refusals; retried like
     * a write.
     */
    private void position() {
        try {
            outbox.publishPending(claims.claim());
            if (!lanes.anyFailed()) {
                health.succeeded();
            }
        } catch (SQLException e) {
            long delay = health.claimFailed(System.nanoTime());
            log.warn("Claiming {} in sink_offsets failed (attempt {}), retrying in {} ms: {}", claims.unclaimed(),
                    health.failures(), TimeUnit.NANOSECONDS.toMillis(delay), SqlErrors.describe(e));
        }
    }

    private void trackLag() {
        long behind = 0;
        for (TopicPartition tp : consumer.assignment()) {
            OptionalLong lag = consumer.currentLag(tp);
            if (lag.isPresent()) {
                behind += lag.getAsLong();
            }
        }
        metrics.behind(behind + lanes.backlog());
    }

    private void crashPoint() {
        if (crash.tripped()) {
            throw new Halted();
        }
    }

    /** Writes every lane's buffer now (and waits), if the database is healthy; used before giving partitions up. */
    private void writeBuffered() {
        if (!health.healthy() || crash.tripped() || failure != null) {
            return;
        }
        lanes.writeAll();
    }

    private void shutDown() {
        try {
            lanes.awaitAll();
            writeBuffered();
            kafkaCommits.commitWritten(shutdownTimeout);
        } catch (RuntimeException e) {
            log.warn("Final flush or offset commit failed (the database offsets stay authoritative): {}", e.toString());
        } finally {
            writers.shutdownNow();
            consumer.close(shutdownTimeout);
        }
    }

    /** What the end of a lane's write means for the offsets, the sink's health and its group membership. */
    private final class WriteEnds implements LaneScheduler.Ends {

        /** The batch's offsets move (and are committed to Kafka for lag tools); the database takes writes again. */
        @Override
        public void written(Batch batch) {
            crashPoint();
            kafkaCommits.written(batch.nextOffsets());
            if (!lanes.anyFailed()) {
                health.succeeded();
            }
        }

        /** Every partition pauses and the retry backs off; the batch is retried as it is. */
        @Override
        public void failed(int lane, Batch batch, Exception e) {
            long now = System.nanoTime();
            health.writeFailed(now);
            String why = e instanceof SQLException sql ? SqlErrors.describe(sql) : String.valueOf(e);
            log.warn("Writing a batch of {} records (lane {}) failed (attempt {}), retrying in {} ms: {}", batch.size(),
                    lane, health.failures(), TimeUnit.NANOSECONDS.toMillis(health.nanosUntilDue(now)), why);
        }

        /**
         * Another instance claimed some of the batch's partitions: this one froze past its session timeout (or an
         * operator reset the offsets). Nothing was committed; its records and whatever is buffered of those partitions
         * belong to the new owner. They are held (paused) and the consumer rejoins its group, which settles who owns
         * them.
         */
        @Override
        public void fenced(Batch batch, FencedException e) {
            Set<TopicPartition> lost = new HashSet<>(batch.nextOffsets().keySet());
            metrics.fenced();
            log.warn("Sink instance fenced: {}; dropping the batch of {} records and what is buffered of {}, and "
                    + "rejoining the group", e.getMessage(), batch.size(), lost);
            lanes.forget(lost);
            kafkaCommits.fenced(lost);
            boolean rejoining = true;
            try {
                consumer.enforceRebalance("fenced by another sink instance");
            } catch (UnsupportedOperationException | IllegalStateException notHere) {
                // a protocol without client-side rebalances: claim them again once the backoff allows
                rejoining = false;
            }
            claims.fence(lost, rejoining);
        }
    }
}
