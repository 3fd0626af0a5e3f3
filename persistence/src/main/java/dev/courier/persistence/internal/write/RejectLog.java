package dev.courier.persistence.internal.write;

import dev.courier.events.RejectReason;
import dev.courier.events.Rejected;
import dev.courier.persistence.internal.dialect.SinkStatements;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;
import org.apache.kafka.common.TopicPartition;

/**
 * {@code sink_rejects}: what PostgreSQL refused, stored once per source position in the batch's own transaction, so
 * that a batch retried after a failed commit reports nothing twice; published to {@code rejected} after the commit.
 */
public final class RejectLog {

    private final String group;

    public RejectLog(String group) {
        this.group = group;
    }

    /** Stores {@code rejections} in the caller's transaction; answers those not stored before (to publish). */
    public List<RejectSink.Rejection> insert(Connection c, List<RejectSink.Rejection> rejections) throws SQLException {
        Set<String> fresh = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement(SinkStatements.INSERT_REJECTS)) {
            ps.setString(1, group);
            ps.setArray(2, c.createArrayOf("text", rejections.stream().map(r -> r.rejected().sourceTopic()).toArray()));
            ps.setArray(3, c.createArrayOf("int4", rejections.stream().map(r -> r.rejected().sourcePartition()).toArray()));
            ps.setArray(4, c.createArrayOf("int8", rejections.stream().map(r -> r.rejected().sourceOffset()).toArray()));
            ps.setArray(5, c.createArrayOf("text", rejections.stream().map(r -> r.rejected().key()).toArray()));
            ps.setArray(6, c.createArrayOf("text", rejections.stream().map(RejectSink.Rejection::key).toArray()));
            ps.setArray(7, c.createArrayOf("text", rejections.stream().map(r -> r.rejected().reason().wireName()).toArray()));
            ps.setArray(8, c.createArrayOf("text", rejections.stream().map(r -> r.rejected().detail()).toArray()));
            ps.setArray(9, c.createArrayOf("text", rejections.stream().map(r -> r.rejected().rawValue()).toArray()));
            ps.setArray(10, c.createArrayOf("text", rejections.stream().map(r -> r.rejected().at().toString()).toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    fresh.add(position(rs.getString(1), rs.getInt(2), rs.getLong(3)));
                }
            }
        }
        return rejections.stream().filter(r -> fresh.contains(position(r.rejected()))).toList();
    }

    public void markPublished(DataSource dataSource, List<RejectSink.Rejection> published) throws SQLException {
        if (published.isEmpty()) {
            return;
        }
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(SinkStatements.MARK_REJECTS_PUBLISHED)) {
            ps.setArray(1, c.createArrayOf("text", published.stream().map(r -> r.rejected().sourceTopic()).toArray()));
            ps.setArray(2, c.createArrayOf("int4", published.stream().map(r -> r.rejected().sourcePartition()).toArray()));
            ps.setArray(3, c.createArrayOf("int8", published.stream().map(r -> r.rejected().sourceOffset()).toArray()));
            ps.setString(4, group);
            ps.executeUpdate();
        }
    }

    /** Refusals of {@code partitions} stored but not published (a crash came between the commit and the publish). */
    public List<RejectSink.Rejection> unpublished(DataSource dataSource, Collection<TopicPartition> partitions)
            throws SQLException {
        List<RejectSink.Rejection> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(SinkStatements.UNPUBLISHED_REJECTS)) {
            ps.setArray(1, c.createArrayOf("text", partitions.stream().map(TopicPartition::topic).toArray()));
            ps.setArray(2, c.createArrayOf("int4", partitions.stream().map(TopicPartition::partition).toArray()));
            ps.setString(3, group);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Rejected r = new Rejected(rs.getString(4), RejectReason.fromWire(rs.getString(5)), rs.getString(6),
                            rs.getString(1), rs.getInt(2), rs.getLong(3), rs.getString(7),
                            rs.getObject(8, OffsetDateTime.class).toInstant());
                    out.add(new RejectSink.Rejection(rs.getString(9), r));
                }
            }
        }
        return out;
    }

    /** {@code topic/partition/offset}: what identifies a refusal, here and in {@code rejected}. */
    public static String position(Rejected r) {
        return position(r.sourceTopic(), r.sourcePartition(), r.sourceOffset());
    }

    private static String position(String topic, int partition, long offset) {
        return topic + "/" + partition + "/" + offset;
    }
}
