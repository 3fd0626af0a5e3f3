package dev.courier.persistence.internal.write;

import dev.courier.persistence.internal.batch.Batch;
import dev.courier.persistence.internal.batch.SinkRecord;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.kafka.common.TopicPartition;

/**
 * Writes a batch as up to {@code lanes} transactions in parallel, one per lane, a lane being the partitions whose
 * number is congruent modulo {@code lanes}. Each transaction holds its partitions' rows and offsets, so every
 * partition stays exactly-once on its own. Chat-scoped topics are co-partitioned (same partition count, keyed by
 * chat id), so a chat's chat-log and receipts records share a lane and two lanes never write the same row.
 * With one lane this is the plain {@link BatchWriter} on the caller's thread.
 */
public final class ParallelWriter implements AutoCloseable {

    /** What was committed, and what was not (with why): the caller retries {@code remaining}. */
    public record Outcome(WriteResult written, int writtenRecords, Map<TopicPartition, Long> committedOffsets,
                          Batch remaining, Exception error) {
    }

    private final BatchWriter writer;
    private final int lanes;
    private final ExecutorService executor;

    public ParallelWriter(BatchWriter writer, int lanes) {
        this.writer = writer;
        this.lanes = lanes;
        this.executor = lanes > 1 ? Executors.newFixedThreadPool(lanes, r -> {
            Thread t = new Thread(r, "courier-sink-writer");
            t.setDaemon(true);
            return t;
        }) : null;
    }

    public Outcome write(Batch batch) {
        List<Batch> parts = split(batch);
        if (parts.size() == 1) {
            try {
                return new Outcome(writer.write(batch), batch.size(), batch.nextOffsets(), null, null);
            } catch (SQLException | RejectSink.RejectPublishException e) {
                return new Outcome(new WriteResult(Map.of(), List.of()), 0, Map.of(), batch, e);
            }
        }
        List<Future<WriteResult>> futures = new ArrayList<>();
        for (Batch part : parts) {
            futures.add(executor.submit(() -> writer.write(part)));
        }
        Map<String, Integer> rows = new HashMap<>();
        List<RejectSink.Rejection> rejections = new ArrayList<>();
        Map<TopicPartition, Long> committed = new HashMap<>();
        List<SinkRecord> remaining = new ArrayList<>();
        int written = 0;
        Exception error = null;
        for (int i = 0; i < parts.size(); i++) {
            Batch part = parts.get(i);
            try {
                WriteResult r = futures.get(i).get();
                r.rowsByTable().forEach((t, n) -> rows.merge(t, n, Integer::sum));
                rejections.addAll(r.rejections());
                committed.putAll(part.nextOffsets());
                written += part.size();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                remaining.addAll(part.records());
                error = e;
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof SQLException || cause instanceof RejectSink.RejectPublishException) {
                    remaining.addAll(part.records());
                    error = error == null ? (Exception) cause : error;
                } else if (cause instanceof RuntimeException re) {
                    throw re;
                } else {
                    throw (Error) cause;
                }
            }
        }
        return new Outcome(new WriteResult(rows, rejections), written, committed,
                remaining.isEmpty() ? null : Batch.of(remaining), error);
    }

    private List<Batch> split(Batch batch) {
        if (lanes == 1) {
            return List.of(batch);
        }
        Map<Integer, List<SinkRecord>> byLane = new HashMap<>();
        for (SinkRecord r : batch.records()) {
            byLane.computeIfAbsent(r.partition().partition() % lanes, k -> new ArrayList<>()).add(r);
        }
        return byLane.values().stream().map(Batch::of).toList();
    }

    @Override
    public void close() {
        if (executor != null) {
            executor.shutdownNow();
        }
    }
}
