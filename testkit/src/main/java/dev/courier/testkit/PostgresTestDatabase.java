package dev.courier.testkit;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Properties;
import java.util.UUID;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A fresh, empty PostgreSQL database on the server named by {@code COURIER_TEST_DATABASE_URL}
 * (default {@value #DEFAULT_SERVER_URL}, user {@code postgres}, trust auth), dropped on {@link #close()}.
 *
 * <p>One per test class keeps test classes from seeing each other's rows and lets them run in any order.
 */
public final class PostgresTestDatabase implements AutoCloseable {

    public static final String DEFAULT_SERVER_URL = "jdbc:postgresql://127.0.0.1:5432/postgres";

    private final String serverUrl;
    private final String user;
    private final String password;
    private final String name;

    private PostgresTestDatabase(String serverUrl, String user, String password, String name) {
        this.serverUrl = serverUrl;
        this.user = user;
        this.password = password;
        this.name = name;
    }

    /** Creates a database named after {@code owner} plus a random suffix. */
    public static PostgresTestDatabase create(String owner) {
        String serverUrl = envOr("COURIER_TEST_DATABASE_URL", DEFAULT_SERVER_URL);
        String user = envOr("COURIER_TEST_DATABASE_USER", "postgres");
        String password = envOr("COURIER_TEST_DATABASE_PASSWORD", "");
        String slug = owner.replaceAll("[^A-Za-z0-9]", "").toLowerCase(Locale.ROOT);
        String name = "courier_t_" + slug.substring(0, Math.min(30, slug.length())) + "_"
                + UUID.randomUUID().toString().substring(0, 8);
        PostgresTestDatabase db = new PostgresTestDatabase(serverUrl, user, password, name);
        db.execOnServer("CREATE DATABASE " + name);
        return db;
    }

    public String name() {
        return name;
    }

    /** JDBC URL of this database (the server URL with its database name replaced). */
    public String jdbcUrl() {
        int slash = serverUrl.lastIndexOf('/');
        int query = serverUrl.indexOf('?', slash);
        return serverUrl.substring(0, slash + 1) + name + (query < 0 ? "" : serverUrl.substring(query));
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    public PGSimpleDataSource dataSource() {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(jdbcUrl());
        ds.setUser(user);
        ds.setPassword(password);
        return ds;
    }

    public Connection connect() throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", user);
        props.setProperty("password", password);
        return DriverManager.getConnection(jdbcUrl(), props);
    }

    @Override
    public void close() {
        // FORCE: a test that failed may leave pooled connections open; the database must still go.
        execOnServer("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }

    private void execOnServer(String sql) {
        Properties props = new Properties();
        props.setProperty("user", user);
        props.setProperty("password", password);
        try (Connection c = DriverManager.getConnection(serverUrl, props); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL at " + serverUrl + " (user " + user + "): " + sql
                    + " failed: " + e.getMessage() + ". Is the server running? (.ci/run starts it)", e);
        }
    }

    private static String envOr(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }
}
