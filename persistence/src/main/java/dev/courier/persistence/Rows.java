package dev.courier.persistence;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.UUID;

/** Column readers shared by the repositories. */
final class Rows {

    private Rows() {
    }

    static StoredMessage message(ResultSet rs) throws SQLException {
        return new StoredMessage(uuid(rs, 1), uuid(rs, 2), rs.getLong(3), uuid(rs, 4), rs.getString(5),
                rs.getString(6), instant(rs, 7), instant(rs, 8), instant(rs, 9));
    }

    static UUID uuid(ResultSet rs, int column) throws SQLException {
        return rs.getObject(column, UUID.class);
    }

    static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }
}
