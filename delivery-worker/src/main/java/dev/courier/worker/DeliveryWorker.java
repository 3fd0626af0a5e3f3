package dev.courier.worker;

import dev.courier.events.Topics;
import dev.courier.worker.internal.ChatStores;
import dev.courier.worker.internal.RejectingHandlers;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.apache.kafka.streams.processor.StateRestoreListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running delivery worker: one Kafka Streams instance of {@link DeliveryTopology}. Instances with the same
 * {@link WorkerSettings#applicationId()} share the chats between them. Ready once Streams is RUNNING.
 */
public final class DeliveryWorker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryWorker.class);
    private static final int MAX_THREAD_FAILURES = 3;
    private static final Duration THREAD_FAILURE_WINDOW = Duration.ofMinutes(10);

    private final WorkerSettings settings;
    private final Topics topics;
    private final MeterRegistry registry;
    private KafkaStreams streams;
    private KafkaStreamsMetrics streamsMetrics;
    private final AtomicLong restored = new AtomicLong();

    public DeliveryWorker(WorkerSettings settings, Topics topics, MeterRegistry registry) {
        this.settings = settings;
        this.topics = topics;
        this.registry = registry;
    }

    /** Starts processing in the background; returns at once (see {@link #isReady()}). */
    public synchronized void start() {
        if (streams != null) {
            throw new IllegalStateException("the delivery worker was already started");
        }
        LOG.info("starting delivery worker: {}", settings);
        int partitions = inputPartitions();
        streams = new KafkaStreams(DeliveryTopology.build(settings, topics, new WorkerMetrics(registry), partitions),
                streamsConfig(settings, topics));
        streams.setStateListener((now, before) -> LOG.info("delivery worker {} -> {}", before, now));
        // A stream thread that dies of something unexpected is replaced: bad records never get here (they are
        // rejected by the processor and the exception handlers), so this is for transient infrastructure trouble.
        // A failure that keeps coming back is not transient: after a few in a short time the worker stops (state
        // ERROR), so that the process exits and its supervisor and alerts see it instead of a silent retry loop.
        Deque<Instant> failures = new ArrayDeque<>();
        streams.setUncaughtExceptionHandler(e -> {
            Instant now = Instant.now();
            synchronized (failures) {
                failures.addLast(now);
                while (failures.peekFirst().isBefore(now.minus(THREAD_FAILURE_WINDOW))) {
                    failures.removeFirst();
                }
                if (failures.size() > MAX_THREAD_FAILURES) {
                    LOG.error("delivery worker stream thread failed {} times within {}; shutting down", failures.size(),
                            THREAD_FAILURE_WINDOW, e);
                    return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
                }
            }
            LOG.error("delivery worker stream thread failed; replacing it", e);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        streams.setGlobalStateRestoreListener(new RestoreLog());
        streamsMetrics = new KafkaStreamsMetrics(streams);
        streamsMetrics.bindTo(registry);
        streams.start();
    }

    /**
     * The partition count the chat-scoped inputs share: which partition a chat belongs to depends on it. A missing
     * topic or differing counts stop the start with one line saying what to do.
     */
    private int inputPartitions() {
        List<String> names = List.of(topics.chatEventsIn().name(), topics.receiptsIn().name(), topics.reroute().name());
        Map<String, Object> props = new HashMap<>(settings.kafkaProperties());
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        Map<String, TopicDescription> described;
        try (Admin admin = Admin.create(props)) {
            described = admin.describeTopics(names).allTopicNames().get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                throw new IllegalStateException("the worker's topics " + names + " do not all exist; create them with "
                        + "`courier topics create` (" + e.getCause().getMessage() + ")", e.getCause());
            }
            throw new IllegalStateException("cannot describe the worker's topics " + names + ": " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka at " + settings.bootstrapServers() + " did not answer within 60 s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while describing the worker's topics", e);
        }
        Map<String, Integer> counts = new TreeMap<>();
        described.forEach((name, d) -> counts.put(name, d.partitions().size()));
        if (counts.values().stream().distinct().count() != 1) {
            throw new IllegalStateException("the worker's chat-scoped topics must share one partition count, but " + counts
                    + "; recreate them or add partitions to match (courier topics create checks this)");
        }
        return counts.values().iterator().next();
    }

    /** Changelog records restored into local state since start: 0 after a clean stop (state and checkpoints kept). */
    public long restoredRecords() {
        return restored.get();
    }

    /**
     * Says in the log what a restore costs: it is why a worker is not ready yet after a crash (a clean stop keeps the
     * state and needs none).
     */
    private final class RestoreLog implements StateRestoreListener {
        @Override
        public void onRestoreStart(TopicPartition tp, String store, long startingOffset, long endingOffset) {
            LOG.info("restoring {} from {} (offsets {} to {})", store, tp, startingOffset, endingOffset);
        }

        @Override
        public void onBatchRestored(TopicPartition tp, String store, long batchEndOffset, long numRestored) {
            restored.addAndGet(numRestored);
        }

        @Override
        public void onRestoreEnd(TopicPartition tp, String store, long totalRestored) {
            LOG.info("restored {} records of {} from {}", totalRestored, store, tp);
        }
    }

    /** True while Streams is RUNNING (all tasks assigned and restored). */
    public boolean isReady() {
        return state() == KafkaStreams.State.RUNNING;
    }

    /** The Streams state, or CREATED before {@link #start()}. */
    public synchronized KafkaStreams.State state() {
        return streams == null ? KafkaStreams.State.CREATED : streams.state();
    }

    /** Stops, committing what was processed; true if it finished within {@code timeout}. */
    public synchronized boolean close(Duration timeout) {
        if (streams == null) {
            return true;
        }
        // Leave the group on a clean stop: by default a Streams member stays in it until its session times out
        // (45 s), so the instance that replaces it (a restarted `courier dev`, another worker) got no tasks, and so
        // was not ready, for that long.
        boolean done = streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                .withTimeout(timeout));
        if (streamsMetrics != null) {
            streamsMetrics.close();
        }
        LOG.info("delivery worker closed{}", done ? "" : " (timed out after " + timeout + ")");
        return done;
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(30));
    }

    /** The topics Kafka Streams creates for the worker: one changelog per state store. */
    public static List<String> internalTopics(String applicationId) {
        return ChatStores.NAMES.stream().map(store -> applicationId + "-" + store + "-changelog").toList();
    }

    /** The Streams configuration the worker runs with; every setting that is not a Streams default says why. */
    public static Properties streamsConfig(WorkerSettings settings, Topics topics) {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, settings.applicationId());
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        p.put(StreamsConfig.STATE_DIR_CONFIG, settings.stateDir().toAbsolutePath().toString());
        // Sequencing, dedup and unread counts must survive crashes exactly: state, outputs and input offsets commit
        // in one transaction.
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        // Half the EOS default: it bounds end-to-end latency (outputs are visible to read_committed consumers only after
        // commit) and sets the transaction rate (see WorkerSettings#commitInterval for the trade measured).
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, Long.toString(settings.commitInterval().toMillis()));
        // Parallelism per instance; tasks (= partitions) are spread over threads and instances.
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, Integer.toString(settings.streamThreads()));
        // Changelog replication; -1 lets the broker decide (3 in production clusters, 1 on a dev broker).
        p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, Integer.toString(settings.replicationFactor()));
        // Bad input never stalls: whatever the decoding serde and the processor did not catch goes to rejected.
        p.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, RejectingHandlers.Deserialization.class.getName());
        p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, RejectingHandlers.Processing.class.getName());
        p.put(RejectingHandlers.REJECTED_TOPIC_CONFIG, topics.rejected().name());
        // The topology has no global stores; enabling it now matches the Kafka 5.0 default and silences a warning.
        p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, "true");
        // Each task reads two partitions (chat events and receipts of the same chats). Task idling would hold one back
        // to process the two in timestamp order; the worker does not need that order (a receipt can only name seqs the
        // worker already emitted, and watermarks only move up), and with idling on, Streams formats log strings for
        // every record while one input is empty (about 4 % of the stream thread in the worker benchmark's profile).
        p.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, Long.toString(StreamsConfig.MAX_TASK_IDLE_MS_DISABLED));
        // Batches leave at the commit (which flushes them) unless they fill first: a transaction writes to about forty
        // partitions, and with a 10 ms linger each of them got a batch, a broker append and a fetch wake-up every 10
        // ms. Lingering for the commit interval cut the broker's CPU per message by 17-33 % and the stream thread's by
        // 18-31 % at 500 msgs/s (docs/benchmarks.md), and delays nothing: read_committed consumers see the records
        // only at the commit.
        String untilCommit = Long.toString(settings.commitInterval().toMillis());
        p.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), untilCommit);
        p.put(StreamsConfig.producerPrefix(ProducerConfig.BATCH_SIZE_CONFIG), Integer.toString(256 * 1024));
        // No compression (the producer default): at the rates one instance sees, a batch holds a record or two per
        // partition, so lz4 saved little, while opening its stream (two 64 KB buffers per batch) took about a fifth of
        // the stream thread at 500 msgs/s (JFR). Without it the stream threads used 10-21 % less CPU per message in
        // three pairs (docs/benchmarks.md). COURIER_KAFKA_PROP_COMPRESSION_TYPE sets it for large batches.
        // Under transactions v2 the broker verifies a transaction's first write to each partition with the
        // coordinator. While the previous transaction's markers are still being written (right after a commit) it
        // answers CONCURRENT_TRANSACTIONS, and writes pipelined behind that one get OUT_OF_ORDER_SEQUENCE_NUMBER; both
        // are retried after retry.backoff.ms. At the 100 ms default backoff every commit could stall the next transaction for
        // 100 ms (the reason KAFKA-5477 once lowered the same backoff for AddPartitionsToTxn). Retries still back off
        // exponentially up to retry.backoff.max.ms, so an outage does not turn into a retry storm.
        p.put(StreamsConfig.producerPrefix(ProducerConfig.RETRY_BACKOFF_MS_CONFIG), "10");
        p.putAll(settings.kafkaProperties());
        return p;
    }
}
