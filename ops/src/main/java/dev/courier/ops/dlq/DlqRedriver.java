package dev.courier.ops.dlq;

import dev.courier.events.Topics;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Sends rejected inputs back to the {@code .in} topic they came from, with their key and a header naming the
 * rejection, for the worker to take again once the operator fixed the cause (created the missing chat, say). It
 * remembers how far it got in the offsets of a consumer group named after the filter, so a second run with the same
 * filter continues where the first stopped.
 *
 * <p>Only inputs are re-driven: a rejection the sink made (a row PostgreSQL refused, from chat-log, receipts or
 * unread) is never written back into the worker's outputs, whose only writer is the worker; it is re-applied to
 * PostgreSQL through the sink's writer instead ({@link SinkSide}).
 */
public final class DlqRedriver {

    /**
     * Writes rows the sink refused to PostgreSQL again, through the sink's own writer; answers how many were refused
     * again. The app wires it (ops does not depend on the sink).
     */
    @FunctionalInterface
    public interface SinkSide {
        long reapply(List<DlqEntry> refused) throws Exception;
    }

    /**
     * A dry run's or a run's figures.
     *
     * @param sinkSide       rejections the sink made (rows PostgreSQL refused), re-applied to PostgreSQL on a run
     * @param sinkSideFailed of those, how many PostgreSQL refused again (rejected again, with the new error)
     */
    public record Outcome(Map<String, Long> redrivable, long sinkSide, long sinkSideFailed, long notRedrivable,
                          String progressGroup, Map<Integer, Long> resumedFrom) {

        /** Records that are (or were) sent back, over every reason and source topic. */
        public long total() {
            return redrivable.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /** Progress of an execution, reported every so often. */
    public record Progress(long scanned, long redriven, double perSecond) {
    }

    /** Records between two stored progress points: each waits for every send in flight. */
    private static final int CHECKPOINT_EVERY = 50_000;

    private final Map<String, Object> clientProperties;
    private final Topics topics;
    private final Set<String> inputs;
    private final Set<String> sinkInputs;

    public DlqRedriver(Map<String, Object> clientProperties, Topics topics) {
        this.clientProperties = Map.copyOf(clientProperties);
        this.topics = topics;
        this.inputs = Set.of(topics.chatEventsIn().name(), topics.receiptsIn().name());
        this.sinkInputs = Set.of(topics.chatLog().name(), topics.receipts().name(), topics.unread().name());
    }

    /** The consumer group that holds the progress of re-driving what {@code filter} selects. */
    public String progressGroup(DlqFilter filter) {
        return topics.prefix() + "dlq-replay." + Integer.toHexString(filter.toString().hashCode());
    }

    /** What {@link #execute} would send, per "reason from source topic", without sending anything. */
    public Outcome plan(DlqFilter filter, boolean fromBeginning) {
        return run(filter, fromBeginning, null, null, p -> { });
    }

    /**
     * Sends back what {@code filter} selects, continuing after the last run with the same filter unless told not to;
     * rows the sink refused go to {@code sinkSide}.
     */
    public Outcome execute(DlqFilter filter, boolean fromBeginning, SinkSide sinkSide, Consumer<Progress> progress) {
        Map<String, Object> p = new HashMap<>(clientProperties);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        p.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "courier-dlq-replay");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            return run(filter, fromBeginning, producer, sinkSide, progress);
        }
    }

    /** What one run saw and sent. */
    private static final class Tally {
        final Map<String, Long> redrivable = new TreeMap<>();
        final List<DlqEntry> refusedRows = new ArrayList<>();
        long matched;
        long sinkSide;
        long sinkSideFailed;
        long notRedrivable;
        long scanned;
        long sent;
    }

    private Outcome run(DlqFilter filter, boolean fromBeginning, KafkaProducer<byte[], byte[]> producer, SinkSide sinkSide,
                        Consumer<Progress> progress) {
        String group = progressGroup(filter);
        Tally t = new Tally();
        long started = System.nanoTime();
        AtomicReference<Exception> failure = new AtomicReference<>();
        try (Admin admin = Admin.create(clientProperties);
             DlqReader reader = new DlqReader(clientProperties, topics.rejected())) {
            Map<Integer, Long> from = fromBeginning ? Map.of() : stored(admin, group);
            Map<Integer, Long> position = new HashMap<>(from);
            Map<Integer, Long> reached = reader.scan(from, e -> {
                t.scanned++;
                position.put(e.partition(), e.offset() + 1);
                if (!filter.matches(e)) {
                    return true;
                }
                t.matched++;
                String source = e.rejected().sourceTopic();
                if (sinkInputs.contains(source)) {
                    t.sinkSide++;
                    if (producer != null) {
                        t.refusedRows.add(e);
                    }
                } else if (!inputs.contains(source) || e.rejected().rawValue() == null) {
                    t.notRedrivable++;
                } else {
                    t.redrivable.merge(e.rejected().reason().wireName() + " from " + source, 1L, Long::sum);
                    if (producer != null) {
                        producer.send(redrive(e), (md, error) -> {
                            if (error != null) {
                                failure.compareAndSet(null, error);
                            }
                        });
                        if (++t.sent % CHECKPOINT_EVERY == 0) {
                            awaitAcks(producer, failure);
                            commit(admin, group, position);
                            double seconds = (System.nanoTime() - started) / 1e9;
                            progress.accept(new Progress(t.scanned, t.sent, t.sent / Math.max(seconds, 1e-3)));
                        }
                    }
                }
                return filter.limit() == 0 || t.matched < filter.limit();
            });
            if (producer != null) {
                awaitAcks(producer, failure);
                if (!t.refusedRows.isEmpty()) {
                    t.sinkSideFailed = reapply(sinkSide, t.refusedRows);
                }
                commit(admin, group, reached);
            }
            return new Outcome(t.redrivable, t.sinkSide, t.sinkSideFailed, t.notRedrivable, group, from);
        }
    }

    private static long reapply(SinkSide sinkSide, List<DlqEntry> refused) {
        if (sinkSide == null) {
            throw new IllegalStateException(refused.size() + " rows the sink refused need the database to be re-applied");
        }
        try {
            return sinkSide.reapply(refused);
        } catch (Exception e) {
            throw new IllegalStateException("re-applying " + refused.size() + " refused rows to PostgreSQL failed "
                    + "(progress is kept up to the last checkpoint): " + e.getMessage(), e);
        }
    }

    private ProducerRecord<byte[], byte[]> redrive(DlqEntry e) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(Redrive.FROM_HEADER, (topics.rejected().name() + ":" + e.position()).getBytes(StandardCharsets.UTF_8));
        headers.add(Redrive.COUNT_HEADER, Integer.toString(e.redriveCount() + 1).getBytes(StandardCharsets.UTF_8));
        String key = e.rejected().key();
        return new ProducerRecord<>(e.rejected().sourceTopic(), null, key == null ? null : key.getBytes(StandardCharsets.UTF_8),
                e.rejected().rawValue().getBytes(StandardCharsets.UTF_8), headers);
    }

    /** Waits until everything sent was acknowledged; a failure of any send fails the run (progress stays as stored). */
    private static void awaitAcks(KafkaProducer<byte[], byte[]> producer, AtomicReference<Exception> failure) {
        producer.flush();
        if (failure.get() != null) {
            throw new IllegalStateException("re-driving failed (progress is kept up to the last checkpoint): "
                    + failure.get(), failure.get());
        }
    }

    private Map<Integer, Long> stored(Admin admin, String group) {
        try {
            Map<Integer, Long> out = new HashMap<>();
            admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS).forEach((tp, o) -> {
                if (tp.topic().equals(topics.rejected().name()) && o != null) {
                    out.put(tp.partition(), o.offset());
                }
            });
            return out;
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot read the progress of " + group + ": " + e.getCause(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private void commit(Admin admin, String group, Map<Integer, Long> next) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        next.forEach((p, o) -> offsets.put(new TopicPartition(topics.rejected().name(), p), new OffsetAndMetadata(o)));
        try {
            admin.alterConsumerGroupOffsets(group, offsets).all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot store the progress of " + group + ": " + e.getCause(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
