package dev.courier.ops.lag;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.apache.kafka.common.TopicPartition;

/**
 * The sink's own offsets, {@code sink_offsets} in PostgreSQL: the next offset after what was written, stored in the
 * same transaction as the rows. The sink positions itself from them; the offsets it commits to Kafka only follow.
 */
public final class SinkOffsets {

    private static final String READ = "SELECT topic, partition, next_offset FROM sink_offsets WHERE consumer_group = ?"
            + " AND next_offset IS NOT NULL";

    /**
     * An operator's replay: sets the offsets outright (they may go back) and bumps the owner epoch, so that a sink
     * instance still holding the partitions can no longer store offsets for them (it re-claims them instead).
     */
    private static final String MOVE = """
            INSERT INTO sink_offsets AS s (consumer_group, topic, partition, next_offset, owner_epoch)
            SELECT ?, t, p, o, 1 FROM unnest(?::text[], ?::int4[], ?::int8[]) AS x(t, p, o)
            ON CONFLICT (consumer_group, topic, partition)
            DO UPDATE SET next_offset = EXCLUDED.next_offset, owner_epoch = s.owner_epoch + 1""";

    private final DataSource dataSource;

    public SinkOffsets(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Moves {@code group}'s offsets to {@code next} in one transaction (see {@link #MOVE}). */
    public void move(String group, Map<TopicPartition, Long> next) throws SQLException {
        List<TopicPartition> tps = List.copyOf(next.keySet());
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(MOVE)) {
            ps.setString(1, group);
            ps.setArray(2, c.createArrayOf("text", tps.stream().map(TopicPartition::topic).toArray()));
            ps.setArray(3, c.createArrayOf("int4", tps.stream().map(TopicPartition::partition).toArray()));
            ps.setArray(4, c.createArrayOf("int8", tps.stream().map(next::get).toArray()));
            ps.executeUpdate();
        }
    }

    public Map<TopicPartition, Long> read(String group) throws SQLException {
        Map<TopicPartition, Long> out = new HashMap<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(READ)) {
            ps.setString(1, group);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(new TopicPartition(rs.getString(1), rs.getInt(2)), rs.getLong(3));
                }
            }
        }
        return out;
    }
}
