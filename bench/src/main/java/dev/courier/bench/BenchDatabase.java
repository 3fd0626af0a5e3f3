package dev.courier.bench;

import dev.courier.migrations.MigrationSettings;
import dev.courier.migrations.Migrator;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
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
        db.exec("CREATE DATABASE " + name);
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
        return onDatabase(serverUrl, name);
    }

    /** A PostgreSQL JDBC URL with another database name, host, port and parameters kept. */
    static String onDatabase(String url, String database) {
        int slash = url.indexOf('/', "jdbc:postgresql://".length());
        if (!url.startsWith("jdbc:postgresql://") || slash < 0) {
            throw new IllegalArgumentException("not a jdbc:postgresql://host[:port]/database URL: " + url);
        }
        int query = url.indexOf('?', slash);
        return url.substring(0, slash + 1) + database + (query < 0 ? "" : url.substring(query));
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), user, password);
    }

    @Override
    public void close() {
        exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }

    private void exec(String sql) {
        // Through the server's maintenance database: the configured one may not exist yet, and cannot drop itself.
        try (Connection c = DriverManager.getConnection(onDatabase(serverUrl, "postgres"), user, password);
             Statement st = c.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("benchmark database " + name + ": " + sql + " failed: " + e.getMessage(), e);
        }
    }
}
