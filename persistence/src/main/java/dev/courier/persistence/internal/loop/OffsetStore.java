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

/** Reads the next offsets the sink stored with its rows (it writes them in {@code BatchWriter}'s transaction). */
final class OffsetStore {

    private final DataSource dataSource;
    private final String group;

    OffsetStore(DataSource dataSource, String group) {
        this.dataSource = dataSource;
        this.group = group;
    }

    /** Stored next offset of each of {@code partitions} that has one. */
    Map<TopicPartition, Long> read(Collection<TopicPartition> partitions) throws SQLException {
        Map<TopicPartition, Long> out = new HashMap<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(SinkStatements.READ_OFFSETS)) {
            ps.setString(1, group);
            ps.setArray(2, c.createArrayOf("text", partitions.stream().map(TopicPartition::topic).distinct()
                    .toArray(String[]::new)));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    TopicPartition tp = new TopicPartition(rs.getString(1), rs.getInt(2));
                    if (partitions.contains(tp)) {
                        out.put(tp, rs.getLong(3));
                    }
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
