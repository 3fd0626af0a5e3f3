package dev.courier.persistence.internal.write;

import dev.courier.events.ChatEvent;
import dev.courier.events.CourierEvent;
import dev.courier.events.Decoded;
import dev.courier.events.MessageSent;
import dev.courier.events.ReceiptAdvanced;
import dev.courier.events.RejectReason;
import dev.courier.events.Rejected;
import dev.courier.events.UnreadChanged;
import dev.courier.persistence.internal.batch.Batch;
import dev.courier.persistence.internal.batch.Coalesced;
import dev.courier.persistence.internal.batch.SinkRecord;
import dev.courier.persistence.internal.dialect.SinkStatements;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one batch as one transaction: its rows and the next offsets of its partitions, so the database always
 * holds exactly the records before the stored offsets. If the database refuses some record's data, the batch is
 * split in halves (savepoints, constraints checked immediately) until the refused records are isolated; they are
 * stored in {@code sink_rejects} in the same transaction (once per source position, however often the batch is
 * retried) and published to {@code rejected} after the commit, and everything else is written. The offsets are
 * stored under the writer's owner epoch: a batch of an instance that lost its partitions throws
 * {@link FencedException} and commits nothing.
 *
 * <p>Throws {@link SQLException} only for a {@link SqlErrors.Kind#RETRIABLE} error: nothing was committed, and the
 * caller retries the same batch later (every write is idempotent or forward-only, so a retry after a commit whose
 * acknowledgement was lost changes nothing).
 */
public final class BatchWriter {

    private static final Logger log = LoggerFactory.getLogger(BatchWriter.class);

    private final DataSource dataSource;
    private final String consumerGroup;
    private final RejectSink rejectSink;
    private final Clock clock;
    private final Runnable beforeCommit;
    private final RejectLog rejectLog;

    /** @param beforeCommit runs after the statements, before the commit (a fault-injection point for tests) */
    public BatchWriter(DataSource dataSource, String consumerGroup, RejectSink rejectSink, Clock clock,
                       Runnable beforeCommit) {
        this.dataSource = dataSource;
        this.consumerGroup = consumerGroup;
        this.rejectSink = rejectSink;
        this.clock = clock;
        this.beforeCommit = beforeCommit;
        this.rejectLog = new RejectLog(consumerGroup);
    }

    public WriteResult write(Batch batch) throws SQLException {
        List<RejectSink.Rejection> rejections = new ArrayList<>();
        List<SinkRecord> writable = new ArrayList<>(batch.size());
        for (SinkRecord r : batch.records()) {
            if (r.value() instanceof Decoded.Invalid<?> invalid) {
                rejections.add(reject(r, invalid.reason(), invalid.detail()));
            } else {
                String problem = unwritable(((Decoded.Valid<?>) r.value()).event());
                if (problem == null) {
                    writable.add(r);
                } else {
                    rejections.add(reject(r, RejectReason.INVALID, problem));
                }
            }
        }
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                Map<String, Integer> rows;
                try {
                    // Messages by COPY, in no savepoint (each costs a round trip): if anything is refused, a replayed
                    // message included, the whole attempt is rolled back and the statements that skip stored rows
                    // write the batch, isolating what they refuse.
                    rows = RowWriter.write(c, Coalesced.of(writable), true);
                    immediate(c); // deferred foreign keys are checked here, not at commit, so a failure is isolable
                } catch (SQLException e) {
                    if (SqlErrors.classify(e) != SqlErrors.Kind.DATA) {
                        throw e;
                    }
                    c.rollback();
                    log.info("COPY of a batch of {} records stopped ({}); writing the batch with upserts instead, "
                            + "isolating any refused record",
                            writable.size(), SqlErrors.describe(e));
                    immediate(c);
                    rows = new HashMap<>();
                    isolate(c, writable, rows, rejections);
                }
                List<RejectSink.Rejection> fresh = rejections.isEmpty() ? List.of() : rejectLog.insert(c, rejections);
                RowWriter.storeOffsets(c, consumerGroup, batch);
                beforeCommit.run();
                c.commit();
                long committedAt = System.currentTimeMillis();
                publish(fresh);
                return new WriteResult(rows, rejections, committedAt);
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(c, e);
                throw e;
            }
        }
    }

    /**
     * Publishes refusals that this commit stored for the first time, then marks them published. A failure here loses
     * nothing: they stay unpublished in sink_rejects and are published when their partition is next positioned.
     */
    private void publish(List<RejectSink.Rejection> fresh) {
        if (fresh.isEmpty()) {
            return;
        }
        try {
            rejectSink.publish(fresh);
            rejectLog.markPublished(dataSource, fresh);
        } catch (SQLException | RejectSink.RejectPublishException e) {
            log.warn("{} refused records are stored in sink_rejects but not yet in rejected ({}); they are published when "
                    + "their partitions are next positioned", fresh.size(), e.getMessage());
        }
    }

    /** Bisects {@code records} until each refused one is alone; writes the rest. */
    private void isolate(Connection c, List<SinkRecord> records, Map<String, Integer> rows,
                         List<RejectSink.Rejection> rejections) throws SQLException {
        if (records.isEmpty()) {
            return;
        }
        Savepoint sp = c.setSavepoint();
        try {
            RowWriter.write(c, Coalesced.of(records), false).forEach((t, n) -> rows.merge(t, n, Integer::sum));
            c.releaseSavepoint(sp);
        } catch (SQLException e) {
            if (SqlErrors.classify(e) != SqlErrors.Kind.DATA) {
                throw e;
            }
            c.rollback(sp);
            if (records.size() == 1) {
                SinkRecord r = records.get(0);
                log.warn("Record {} refused by the database, sending it to rejected: {}", r.coordinates(),
                        SqlErrors.describe(e));
                rejections.add(reject(r, RejectReason.DATABASE, SqlErrors.describe(e)));
                return;
            }
            int mid = records.size() / 2;
            isolate(c, records.subList(0, mid), rows, rejections);
            isolate(c, records.subList(mid, records.size()), rows, rejections);
        }
    }

    /** Why a well-formed event cannot be written (fields the sink needs that the wire format leaves optional). */
    private static String unwritable(CourierEvent event) {
        if (event instanceof ChatEvent e) {
            if (e.seq() == null) {
                return "seq: missing (chat-log events are sequenced by the worker)";
            }
            if (e.acceptedAt() == null) {
                return "acceptedAt: missing (chat-log events are stamped by ingest or the worker)";
            }
            if (e instanceof MessageSent m && (m.messageId() == null || m.sentAt() == null)) {
                return (m.messageId() == null ? "messageId" : "sentAt") + ": missing on chat-log";
            }
        }
        return null;
    }

    private RejectSink.Rejection reject(SinkRecord r, RejectReason reason, String detail) {
        String key = r.key();
        if (r.value() instanceof Decoded.Valid<?> valid) {
            // rejected is keyed by chat id, whatever the source topic's key.
            CourierEvent e = valid.event();
            if (e instanceof ChatEvent ce) {
                key = ce.chatId().toString();
            } else if (e instanceof ReceiptAdvanced ra) {
                key = ra.chatId().toString();
            } else if (e instanceof UnreadChanged uc) {
                key = uc.chatId().toString();
            }
        }
        String raw = r.rawValue() == null ? null : new String(r.rawValue(), StandardCharsets.UTF_8);
        return new RejectSink.Rejection(key, new Rejected(r.key(), reason, detail, r.partition().topic(),
                r.partition().partition(), r.offset(), raw, clock.instant()));
    }

    private static void immediate(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(SinkStatements.CONSTRAINTS_IMMEDIATE);
        }
    }

    private static void rollbackQuietly(Connection c, Exception cause) {
        try {
            c.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }
}
