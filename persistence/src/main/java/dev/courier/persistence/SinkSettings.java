package dev.courier.persistence;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * How the sink batches and retries. Validated as a whole: every problem is reported in one exception.
 *
 * @param consumerGroup       the Kafka consumer group, also the key of this sink's rows in {@code sink_offsets}
 * @param writerThreads       parallel database transactions per flush, each for the partitions whose number is
 *                            congruent modulo this (PostgreSQL spends most of a flush maintaining the full-text index;
 *                            two backends use two cores)
 * @param maxBatchRows        a flush is due once this many records are buffered (one transaction per flush)
 * @param linger              ... or once the oldest buffered record has waited this long. Default zero: a lane writes
 *                            what it has as soon as its previous write ends, so batches grow by themselves while
 *                            writes take longer (load), and a record waits for nothing else when the sink is idle
 * @param pollTimeout         longest wait in one poll while idle (bounds how fast the loop notices state changes)
 * @param retryInitialBackoff first wait after a failed database write; doubled on each further failure ...
 * @param retryMaxBackoff     ... up to this cap
 * @param shutdownTimeout     how long {@link Sink#close()} waits for the last flush and the consumer to leave
 */
public record SinkSettings(String consumerGroup, int writerThreads, int maxBatchRows, Duration linger, Duration pollTimeout,
                           Duration retryInitialBackoff, Duration retryMaxBackoff, Duration shutdownTimeout) {

    public static final String DEFAULT_CONSUMER_GROUP = "courier-sink";
    public static final int DEFAULT_WRITER_THREADS = 2;
    public static final int DEFAULT_MAX_BATCH_ROWS = 5_000;
    public static final int MAX_BATCH_ROWS = 100_000;
    public static final Duration DEFAULT_LINGER = Duration.ZERO;
    public static final Duration DEFAULT_POLL_TIMEOUT = Duration.ofMillis(250);
    public static final Duration DEFAULT_RETRY_INITIAL_BACKOFF = Duration.ofMillis(100);
    public static final Duration DEFAULT_RETRY_MAX_BACKOFF = Duration.ofSeconds(10);
    public static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(30);

    public SinkSettings {
        List<String> problems = new ArrayList<>();
        if (consumerGroup == null || consumerGroup.isBlank()) {
            problems.add("consumerGroup must not be blank");
        }
        if (writerThreads < 1 || writerThreads > 64) {
            problems.add("writerThreads must be 1..64, was " + writerThreads);
        }
        if (maxBatchRows < 1 || maxBatchRows > MAX_BATCH_ROWS) {
            problems.add("maxBatchRows must be 1.." + MAX_BATCH_ROWS + ", was " + maxBatchRows);
        }
        positive(problems, "linger", linger, true);
        positive(problems, "pollTimeout", pollTimeout, false);
        positive(problems, "retryInitialBackoff", retryInitialBackoff, false);
        positive(problems, "retryMaxBackoff", retryMaxBackoff, false);
        positive(problems, "shutdownTimeout", shutdownTimeout, false);
        if (problems.isEmpty() && retryMaxBackoff.compareTo(retryInitialBackoff) < 0) {
            problems.add("retryMaxBackoff (" + retryMaxBackoff + ") must not be less than retryInitialBackoff ("
                    + retryInitialBackoff + ")");
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid sink settings: " + String.join("; ", problems));
        }
    }

    public static SinkSettings defaults() {
        return new SinkSettings(DEFAULT_CONSUMER_GROUP, DEFAULT_WRITER_THREADS, DEFAULT_MAX_BATCH_ROWS, DEFAULT_LINGER, DEFAULT_POLL_TIMEOUT,
                DEFAULT_RETRY_INITIAL_BACKOFF, DEFAULT_RETRY_MAX_BACKOFF, DEFAULT_SHUTDOWN_TIMEOUT);
    }

    public SinkSettings withConsumerGroup(String group) {
        return new SinkSettings(group, writerThreads, maxBatchRows, linger, pollTimeout, retryInitialBackoff, retryMaxBackoff,
                shutdownTimeout);
    }

    public SinkSettings withBatching(int rows, Duration lingerTime) {
        return new SinkSettings(consumerGroup, writerThreads, rows, lingerTime, pollTimeout, retryInitialBackoff, retryMaxBackoff,
                shutdownTimeout);
    }

    public SinkSettings withWriterThreads(int threads) {
        return new SinkSettings(consumerGroup, threads, maxBatchRows, linger, pollTimeout, retryInitialBackoff,
                retryMaxBackoff, shutdownTimeout);
    }

    public SinkSettings withRetryBackoff(Duration initial, Duration max) {
        return new SinkSettings(consumerGroup, writerThreads, maxBatchRows, linger, pollTimeout, initial, max, shutdownTimeout);
    }

    private static void positive(List<String> problems, String name, Duration d, boolean zeroAllowed) {
        if (d == null) {
            problems.add(name + " must be set");
        } else if (d.isNegative() || (!zeroAllowed && d.isZero())) {
            problems.add(name + " must be " + (zeroAllowed ? "zero or more" : "positive") + ", was " + d);
        }
    }
}
