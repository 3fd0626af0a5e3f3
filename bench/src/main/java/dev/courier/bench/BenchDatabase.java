package dev.courier.bench;

import dev.courier.migrations.MigrationSettings;
import dev.courier.migrations.Migrator;
import dev.courier.persistence.JdbcUrls;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A database of its own for one phase, migrated to Courier's schema, dropped on close: a benchmark never touches the
 * pipeline's data, and two runs never see each other's rows.
 */
public final class BenchDatabase implements AutoCloseable {

    private final String serverUrl;
    private final String user;
    private final String password;
    private final String name;

    private BenchDatabase(String serverUrl, String user, String password, String name) {
        this.serverUrl = serverUrl;
        this.user = user;
        this.password = password;
        this.name = name;
    }

    static BenchDatabase create(String serverUrl, String user, String password, String phase) {
        String name = String.format(Locale.ROOT, "courier_bench_%s_%08x", phase, ThreadLocalRandom.current().nextInt());
        BenchDatabase db = new BenchDatabase(serverUrl, user, password, name);
        db.onServer("CREATE DATABASE " + name);
        try {
            new Migrator(MigrationSettings.of(db.jdbcUrl(), user, password)).up();
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
        return db;
    }

    public String name() {
        return name;
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    public String jdbcUrl() {
        return JdbcUrls.onDatabase(serverUrl, name);
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), user, password);
    }

    public void execute(String sql) throws SQLException {
        try (Connection c = connect(); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    /** Polls {@code countSql} (a single number) until it reaches {@code expected}; fails with {@code failure} after {@code timeout}. */
    public void awaitCount(String countSql, long expected, Duration timeout, String failure) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Connection c = connect(); Statement st = c.createStatement()) {
            while (true) {
                try (ResultSet rs = st.executeQuery(countSql)) {
                    rs.next();
                    if (rs.getLong(1) >= expected) {
                        return;
                    }
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(failure + " within " + timeout.toSeconds() + " s");
                }
                Thread.sleep(100); // a benchmark's poll, not a test's wait
            }
        }
    }

    @Override
    public void close() {
        onServer("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }

    private void onServer(String sql) {
        // Through the server's maintenance database: the configured one may not exist yet, and cannot drop itself.
        try (Connection c = DriverManager.getConnection(JdbcUrls.onDatabase(serverUrl, "postgres"), user, password);
             Statement st = c.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("benchmark database " + name + ": " + sql + " failed: " + e.getMessage(), e);
        }
    }
}
