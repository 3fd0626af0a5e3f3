package dev.courier.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.courier.testkit.PostgresDatabaseExtension;
import dev.courier.testkit.PostgresTestDatabase;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresDatabaseExtension.class)
class DatabasePoolIT {

    @Test
    @DisplayName("pooled connections carry a statement timeout, so no statement can hang a writer or a request forever")
    void statementTimeout(PostgresTestDatabase db) throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (HikariDataSource pool = DatabasePool.create(db.jdbcUrl(), db.user(), db.password(), 2, registry);
             Connection c = pool.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SHOW statement_timeout")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("1min");
            assertThat(registry.find("hikaricp.connections.max").gauge()).as("pool metrics bound").isNotNull();
        }
    }
}
