package dev.courier.persistence.internal.loop;

import dev.courier.events.CourierEvent;
import dev.courier.events.Decoded;
import dev.courier.events.Topic;
import dev.courier.persistence.internal.batch.Batch;
import dev.courier.persistence.internal.batch.SinkBuffer;
import dev.courier.persistence.internal.batch.SinkRecord;
import dev.courier.persistence.internal.write.BatchWriter;
import dev.courier.persistence.internal.write.ParallelWriter;
import dev.courier.persistence.internal.write.SqlErrors;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sink's poll loop, run on one thread that owns the consumer, the buffer and the pending batch.
 *
 * <ul>
 *   <li>Position: on assignment a partition is paused until its offset is read from {@code sink_offsets} (the
 *       database, not Kafka, knows what was written); none stored means from the beginning.</li>
 *   <li>Batch: polls fill the buffer until it is full or has lingered; the batch then becomes <em>pending</em> and
 *       is written as one transaction together with its next offsets.</li>
 *   <li>Retry: a failed write pauses every partition and is retried with capped exponential backoff while polling
 *       continues (the consumer stays in its group); success resumes. Not ready meanwhile.</li>
 *   <li>Rebalance: a revoked partition's records are flushed if the database is healthy, otherwise dropped; its
 *       next owner starts from the stored offsets, so nothing is skipped and nothing is written twice.</li>
 *   <li>Kafka offsets are committed asynchronously after each write, only for lag tools.</li>
 * </ul>
 */
public final class SinkLoop implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(SinkLoop.class);

    /** Thrown at a fault-injection point after {@link #halt()}: the loop stops as a crashed process would. */
    static final class Halted extends RuntimeException {
        Halted() {
            super("halted", null, false, false);
        }
    }

    private final Consumer<String, byte[]> consumer;
    private final Map<String, Deserializer<? extends Decoded<? extends CourierEvent>>> decoders = new HashMap<>();
    private final ParallelWriter writer;
    private final OffsetStore offsets;
    private final SinkBuffer buffer;
    private final Backoff backoff;
    private final SinkMetrics metrics;
    private final long pollTimeoutNanos;
    private final Duration shutdownTimeout;

    private final Set<TopicPartition> unpositioned = new HashSet<>();
    private final Map<TopicPartition, OffsetAndMetadata> written = new HashMap<>();
    private Batch pending;
    private boolean paused;

    private volatile boolean stopping;
    private volatile boolean halted;
    private volatile boolean healthy;
    private volatile boolean running;
    private volatile Throwable failure;

    public SinkLoop(Consumer<String, byte[]> consumer, List<Topic<?>> topics, WriterFactory writerFactory,
                    javax.sql.DataSource dataSource, String group, int writerThreads, int maxBatchRows, Duration linger,
                    Duration pollTimeout, Duration retryInitial, Duration retryMax, Duration shutdownTimeout,
                    io.micrometer.core.instrument.MeterRegistry registry) {
        this.consumer = consumer;
        for (Topic<?> t : topics) {
            decoders.put(t.name(), t.decodedSerde().deserializer());
        }
        this.writer = new ParallelWriter(writerFactory.create(this::crashPoint), writerThreads);
        this.offsets = new OffsetStore(dataSource, group);
        this.buffer = new SinkBuffer(maxBatchRows, linger.toNanos());
        this.backoff = new Backoff(retryInitial.toNanos(), retryMax.toNanos());
        this.metrics = new SinkMetrics(registry, this::isReady);
        this.pollTimeoutNanos = pollTimeout.toNanos();
        this.shutdownTimeout = shutdownTimeout;
    }

    /** Builds the writer given the loop's before-commit fault-injection point. */
    @FunctionalInterface
    public interface WriterFactory {
        BatchWriter create(Runnable beforeCommit);
    }

    public boolean isReady() {
        return running && healthy && !stopping && failure == null;
    }

    public Throwable failure() {
        return failure;
    }

    /** Asks the loop to finish: it writes what it buffered if it can, commits to Kafka and closes the consumer. */
    public void stop() {
        stopping = true;
        consumer.wakeup();
    }

    /** Fault injection: the loop stops at its next checkpoint without writing, committing or closing anything. */
    public void halt() {
        halted = true;
    }

    @Override
    public void run() {
        running = true;
        try {
            try {
                offsets.ping();
                healthy = true;
            } catch (SQLException e) {
                log.warn("Database not reachable at start ({}); consuming once it is", SqlErrors.describe(e));
            }
            consumer.subscribe(decoders.keySet(), new Rebalance());
            while (!stopping) {
                step();
            }
        } catch (WakeupException e) {
            if (!stopping) {
                failure = e;
            }
        } catch (Halted e) {
            log.info("Sink halted (fault injection): leaving the consumer and buffered records as they are");
            return;
        } catch (RuntimeException | Error e) {
            if (halted) {
                return; // the halt surfaced inside a rebalance callback, wrapped by the consumer
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
        if (!unpositioned.isEmpty() && backoff.due(now)) {
            position();
        }
        if (pending == null && buffer.due(now)) {
            pending = buffer.drain();
        }
        if (pending != null && backoff.due(now)) {
            flush();
        }
        now = System.nanoTime();
        long wait = Math.min(pollTimeoutNanos, buffer.nanosUntilDue(now));
        if (pending != null || !unpositioned.isEmpty()) {
            wait = Math.min(wait, Math.max(backoff.nanosUntilDue(now), TimeUnit.MILLISECONDS.toNanos(1)));
        }
        ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofNanos(Math.max(0, wait)));
        crashPoint();
        long at = System.nanoTime();
        for (ConsumerRecord<String, byte[]> r : records) {
            buffer.add(decode(r), at);
        }
        if (!records.isEmpty()) {
            trackLag();
        }
    }

    private SinkRecord decode(ConsumerRecord<String, byte[]> r) {
        Decoded<? extends CourierEvent> value = decoders.get(r.topic()).deserialize(r.topic(), r.value());
        return new SinkRecord(new TopicPartition(r.topic(), r.partition()), r.offset(), r.key(), r.value(), value);
    }

    /**
     * Writes the pending batch; what could not be written (a retriable failure, possibly of one lane only) stays
     * pending, every partition is paused and the retry backs off.
     */
    private void flush() {
        long start = System.nanoTime();
        ParallelWriter.Outcome outcome = writer.write(pending);
        if (outcome.writtenRecords() > 0) {
            metrics.flushed(outcome.writtenRecords(), System.nanoTime() - start, outcome.written());
        }
        crashPoint();
        outcome.committedOffsets().forEach((tp, next) -> written.put(tp, new OffsetAndMetadata(next)));
        commitToKafka(outcome.committedOffsets());
        pending = outcome.remaining();
        if (pending == null) {
            recovered();
            return;
        }
        Exception e = outcome.error();
        healthy = false;
        metrics.retried();
        long delay = backoff.failed(System.nanoTime());
        String why = e instanceof SQLException sql ? SqlErrors.describe(sql) : String.valueOf(e);
        log.warn("Writing a batch of {} records failed (attempt {}), retrying in {} ms: {}", pending.size(),
                backoff.failures(), TimeUnit.NANOSECONDS.toMillis(delay), why);
        pauseAll();
    }

    /** Seeks every unpositioned partition to its stored offset (or the beginning); retried like a write. */
    private void position() {
        try {
            Map<TopicPartition, Long> stored = offsets.read(unpositioned);
            for (TopicPartition tp : unpositioned) {
                Long next = stored.get(tp);
                if (next == null) {
                    consumer.seekToBeginning(List.of(tp));
                } else {
                    consumer.seek(tp, next);
                }
            }
            log.info("Positioned {} from sink_offsets: {}", unpositioned, stored);
            Set<TopicPartition> done = new HashSet<>(unpositioned);
            unpositioned.clear();
            if (pending == null) {
                consumer.resume(done);
                recovered();
            }
        } catch (SQLException e) {
            healthy = false;
            metrics.retried();
            long delay = backoff.failed(System.nanoTime());
            log.warn("Reading sink_offsets for {} failed (attempt {}), retrying in {} ms: {}", unpositioned,
                    backoff.failures(), TimeUnit.NANOSECONDS.toMillis(delay), SqlErrors.describe(e));
        }
    }

    private void recovered() {
        if (backoff.failures() > 0) {
            log.info("Database writes succeed again after {} failed attempts", backoff.failures());
        }
        backoff.reset();
        healthy = true;
        if (paused) {
            Set<TopicPartition> resume = new HashSet<>(consumer.assignment());
            resume.removeAll(unpositioned);
            consumer.resume(resume);
            paused = false;
        }
    }

    private void pauseAll() {
        consumer.pause(consumer.assignment());
        paused = true;
    }

    private void commitToKafka(Map<TopicPartition, Long> next) {
        Map<TopicPartition, OffsetAndMetadata> commit = new HashMap<>();
        Set<TopicPartition> owned = consumer.assignment();
        next.forEach((tp, offset) -> {
            if (owned.contains(tp)) {
                commit.put(tp, new OffsetAndMetadata(offset));
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

    private void trackLag() {
        long behind = 0;
        for (TopicPartition tp : consumer.assignment()) {
            OptionalLong lag = consumer.currentLag(tp);
            if (lag.isPresent()) {
                behind += lag.getAsLong();
            }
        }
        metrics.behind(behind + buffer.size() + (pending == null ? 0 : pending.size()));
    }

    private void crashPoint() {
        if (halted) {
            throw new Halted();
        }
    }

    private void shutDown() {
        try {
            if (failure == null && pending == null && !buffer.isEmpty() && healthy) {
                pending = buffer.drain();
                flush();
            }
            if (!written.isEmpty()) {
                consumer.commitSync(written, shutdownTimeout);
            }
        } catch (RuntimeException e) {
            log.warn("Final flush or offset commit failed (the database offsets stay authoritative): {}", e.toString());
        } finally {
            writer.close();
            consumer.close(shutdownTimeout);
        }
    }

    private final class Rebalance implements ConsumerRebalanceListener {

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            if (partitions.isEmpty()) {
                return;
            }
            consumer.pause(partitions);
            unpositioned.addAll(partitions);
            position();
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            if (partitions.isEmpty()) {
                return;
            }
            if (pending == null && healthy && !halted && buffer.size() > 0) {
                pending = buffer.drain(); // write what we have while we still own it
                flush();
            }
            forget(partitions);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            forget(partitions);
        }

        private void forget(Collection<TopicPartition> partitions) {
            buffer.drop(partitions);
            if (pending != null) {
                pending = pending.without(partitions);
                if (pending.isEmpty()) {
                    pending = null;
                }
            }
            unpositioned.removeAll(partitions);
            partitions.forEach(written::remove);
        }
    }
}
