package dev.courier.persistence.internal.loop;

import dev.courier.persistence.internal.dialect.SinkStatements;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.apache.kafka.common.TopicPartition;

/** The sink's partitions in {@code sink_offsets}: claiming them (with their start offsets) and checking the database. */
final class OffsetStore {

    /**
     * A partition taken over.
     *
     * @param next  the stored next offset, null when nothing was stored (start from the beginning)
     * @param epoch the owner epoch every write of this owner must carry
     */
    record Claim(Long next, long epoch) {
    }

    private final DataSource dataSource;
    private final String group;

    OffsetStore(DataSource dataSource, String group) {
        this.dataSource = dataSource;
        this.group = group;
    }

    /** Takes {@code partitions} over (a previous owner's writes fail from now on) and answers where to start. */
    Map<TopicPartition, Claim> claim(Collection<TopicPartition> partitions) throws SQLException {
        Map<TopicPartition, Claim> out = new HashMap<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(SinkStatements.CLAIM_OFFSETS)) {
            ps.setString(1, group);
            ps.setArray(2, c.createArrayOf("text", partitions.stream().map(TopicPartition::topic).toArray(String[]::new)));
            ps.setArray(3, c.createArrayOf("int4", partitions.stream().map(TopicPartition::partition).toArray(Integer[]::new)));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long next = rs.getLong(3);
                    Long stored = rs.wasNull() ? null : next; // before the next getter: wasNull is about the last one
                    out.put(new TopicPartition(rs.getString(1), rs.getInt(2)), new Claim(stored, rs.getLong(4)));
                }
            }
        }
        return out;
    }

    void ping() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute(SinkStatements.PING);
        }
    }
}
