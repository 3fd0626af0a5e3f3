package dev.courier.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresDatabaseExtension.class)
class PostgresTestDatabaseIT {

    @Test
    @DisplayName("the injected database accepts a table, a row, and reads it back")
    void writesAndReads(PostgresTestDatabase db) throws SQLException {
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE notes (id int PRIMARY KEY, body text NOT NULL)");
            s.execute("INSERT INTO notes VALUES (1, 'hello')");
            try (ResultSet rs = s.executeQuery("SELECT body FROM notes WHERE id = 1")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("hello");
            }
        }
    }

    @Test
    @DisplayName("a database is dropped on close, even with a connection still open")
    void dropsOnClose() throws SQLException {
        PostgresTestDatabase db = PostgresTestDatabase.create("DropCheck");
        Connection open = db.connect();
        try {
            assertThat(exists(db.name())).isTrue();

            db.close();

            assertThat(exists(db.name())).isFalse();
            assertThat(open.isValid(2)).as("DROP ... WITH (FORCE) ended the session left open").isFalse();
        } finally {
            open.close();
        }
    }

    private static boolean exists(String database) throws SQLException {
        try (PostgresTestDatabase probe = PostgresTestDatabase.create("Probe");
                Connection c = probe.connect();
                PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            ps.setString(1, database);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }
}
