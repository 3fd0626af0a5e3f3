package dev.courier.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** DESIGN §2's invariants as SQL over the tables the sink writes; each check answers the rows that break it. */
public final class DatabaseInvariants {

    private DatabaseInvariants() {
    }

    /**
     * Invariant 5: every (user, chat) where {@code unread_messages} disagrees with the unread count computed from
     * {@code messages} and the watermarks; empty when the tables agree.
     */
    public static List<String> unreadViolations(Connection c) throws SQLException {
        return rows(c, sql("unread_invariant_violations.sql"));
    }

    /** The text of a check, for a test that runs it its own way. */
    public static String sql(String name) {
        try (InputStream in = DatabaseInvariants.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalArgumentException("no invariant check named " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> rows(Connection c, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            ResultSetMetaData md = rs.getMetaData();
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    row.append(i == 1 ? "" : ", ").append(md.getColumnLabel(i)).append('=').append(rs.getString(i));
                }
                out.add(row.toString());
            }
        }
        return out;
    }
}
