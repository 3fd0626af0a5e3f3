package dev.courier.app.db;

import dev.courier.persistence.JdbcUrls;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/**
 * Creates the database a JDBC URL names when it does not exist yet, by connecting to the server's {@code postgres}
 * maintenance database. Used by {@code courier dev} so that the quick start needs no manual {@code createdb}.
 */
public final class DatabaseCreator {

    private final String url;
    private final String user;
    private final String password;

    public DatabaseCreator(String url, String user, String password) {
        this.url = url;
        this.user = user;
        this.password = password;
    }

    /** Returns true when it created the database, false when it already existed. */
    public boolean createIfMissing() {
        String name = JdbcUrls.database(url);
        String maintenanceUrl = JdbcUrls.onDatabase(url, "postgres");
        Properties props = new Properties();
        props.setProperty("user", user);
        props.setProperty("password", password);
        try (Connection c = DriverManager.getConnection(maintenanceUrl, props)) {
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
                ps.setString(1, name);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        return false;
                    }
                }
            }
            try (Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE \"" + name.replace("\"", "\"\"") + "\"");
            }
            return true;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database '" + name + "' via " + maintenanceUrl + " as " + user
                    + ": " + e.getMessage() + " (is PostgreSQL running? see COURIER_DATABASE_URL)", e);
        }
    }
}
