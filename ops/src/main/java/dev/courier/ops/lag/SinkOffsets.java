package dev.courier.ops.lag;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.apache.kafka.common.TopicPartition;

/**
 * The sink's own offsets, {@code sink_offsets} in PostgreSQL: the next offset after what was written, stored in the
 * same transaction as the rows. The sink positions itself from them; the offsets it commits to Kafka only follow.
 */
public final class SinkOffsets {

    private static final String READ = "SELECT topic, partition, next_offset FROM sink_offsets WHERE consumer_group = ?";

    private final DataSource dataSource;

    public SinkOffsets(DataSource dataSource) {
        this.dataSource = dataSource;
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
