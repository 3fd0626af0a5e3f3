package dev.courier.persistence.internal.loop;

import dev.courier.persistence.internal.write.RejectLog;
import dev.courier.persistence.internal.write.RejectSink;
import dev.courier.persistence.internal.write.SqlErrors;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes what a crash left between a batch's commit and the publication of its refusals: rows of
 * {@code sink_rejects} not marked published, for the partitions being positioned. A refusal whose publication reached
 * Kafka before the crash (only the mark was lost) is found in {@code rejected} by its source position and not sent
 * again, so each refusal is in {@code rejected} once.
 */
public final class RejectOutbox {

    /** Margin for clock skew between the database's refusal time and the broker's timestamp of the publication. */
    private static final Duration SKEW = Duration.ofMinutes(5);

    private static final Logger log = LoggerFactory.getLogger(RejectOutbox.class);

    /** The source positions ({@link RejectLog#position}) of the refusals in {@code rejected} published since a time. */
    @FunctionalInterface
    public interface Published {
        Set<String> since(Instant time);
    }

    private final DataSource dataSource;
    private final RejectLog rejectLog;
    private final RejectSink sink;
    private final Published published;

    public RejectOutbox(DataSource dataSource, RejectLog rejectLog, RejectSink sink, Published published) {
        this.dataSource = dataSource;
        this.rejectLog = rejectLog;
        this.sink = sink;
        this.published = published;
    }

    /** Publishes the unpublished refusals of {@code partitions}; a failure is logged and retried at the next positioning. */
    void publishPending(Collection<TopicPartition> partitions) {
        try {
            List<RejectSink.Rejection> pending = rejectLog.unpublished(dataSource, partitions);
            if (pending.isEmpty()) {
                return;
            }
            Instant oldest = pending.stream().map(r -> r.rejected().at()).min(Comparator.naturalOrder()).orElseThrow();
            Set<String> already = published.since(oldest.minus(SKEW));
            List<RejectSink.Rejection> missing = pending.stream()
                    .filter(r -> !already.contains(RejectLog.position(r.rejected()))).toList();
            if (!missing.isEmpty()) {
                sink.publish(missing);
            }
            rejectLog.markPublished(dataSource, pending);
            log.info("Published {} refusal(s) a crash had left unpublished ({} were already in rejected)", missing.size(),
                    pending.size() - missing.size());
        } catch (SQLException e) {
            log.warn("Could not read unpublished refusals of {}: {}; retried at the next positioning", partitions,
                    SqlErrors.describe(e));
        } catch (RuntimeException e) {
            log.warn("Could not publish refusals left by a crash for {}: {}; retried at the next positioning", partitions,
                    e.toString());
        }
    }
}
