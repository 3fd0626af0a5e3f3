package dev.courier.migrations.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * All SQL this module runs against Flyway's history table ({@code flyway_schema_history}). Only {@link FlywayAdapter}
 * hands these out: the table and its columns are Flyway's (not part of its public API), and the adapter says why
 * Courier still reads and writes rows by hand and which Flyway version that was checked against.
 */
public final class SchemaHistory {

    /** A versioned row of the history table. */
    public record Entry(String version, String description, String type, String script, boolean success) {
    }

    private final String qualifiedTable;

    private SchemaHistory(String qualifiedTable) {
        this.qualifiedTable = qualifiedTable;
    }

    /** The history table {@code table} in {@code schema}, or in the connection's current schema if that is null. */
    static SchemaHistory on(Connection connection, String schema, String table) throws SQLException {
        if (schema == null) {
            try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("SELECT current_schema()")) {
                rs.next();
                schema = rs.getString(1);
            }
        }
        return new SchemaHistory(quote(schema) + "." + quote(table));
    }

    /**
     * Blocks Flyway (which reads and writes this table while it migrates) until the caller's
     * transaction ends. Waits for a migration in progress to commit first.
     */
    public void lock(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("LOCK TABLE " + qualifiedTable + " IN ACCESS EXCLUSIVE MODE");
        }
    }

    public boolean exists(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            ps.setString(1, qualifiedTable);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    /** Versioned entries, most recently installed first. */
    public List<Entry> versionedNewestFirst(Connection c) throws SQLException {
        List<Entry> entries = new ArrayList<>();
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT version, description, type, script, success FROM " + qualifiedTable
                     + " WHERE version IS NOT NULL ORDER BY installed_rank DESC")) {
            while (rs.next()) {
                entries.add(new Entry(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getBoolean(5)));
            }
        }
        return entries;
    }

    public void delete(Connection c, String version) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + qualifiedTable + " WHERE version = ?")) {
            ps.setString(1, version);
            ps.executeUpdate();
        }
    }

    /**
     * Records {@code m} as failed, as Flyway itself does on databases without transactional DDL.
     * On PostgreSQL Flyway rolls the failed migration back and leaves no trace; this row is what
     * lets {@code info} name the failed version and makes {@code up} stop until {@code repair}.
     */
    public void recordFailed(Connection c, Migration m, String installedBy) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + qualifiedTable
                + " (installed_rank, version, description, type, script, checksum, installed_by, execution_time, success)"
                + " SELECT coalesce(max(installed_rank), 0) + 1, ?, ?, ?, ?, ?, ?, 0, false FROM " + qualifiedTable)) {
            ps.setString(1, m.version());
            ps.setString(2, m.description());
            ps.setString(3, m.type());
            ps.setString(4, m.script());
            ps.setObject(5, m.checksum());
            ps.setString(6, installedBy);
            ps.executeUpdate();
        }
    }

    private static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }
}
