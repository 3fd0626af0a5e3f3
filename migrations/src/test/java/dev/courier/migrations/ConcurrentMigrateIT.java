package dev.courier.migrations;

import static org.assertj.core.api.Assertions.assertThat;

import dev.courier.testkit.PostgresDatabaseExtension;
import dev.courier.testkit.PostgresTestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(PostgresDatabaseExtension.class)
class ConcurrentMigrateIT {

    @Test
    @DisplayName("two instances migrating one empty database at once: one applies every migration, the other waits and applies none")
    void concurrentUpMigratesOnce(PostgresTestDatabase db, @TempDir Path dir) throws Exception {
        ScriptDirs.copyShipped(dir);
        // A slow last migration keeps the first migrator inside Flyway's lock while the second arrives.
        ScriptDirs.add(dir, "slow.sql", "V900__slow.sql");
        MigrationSettings settings = ScriptDirs.settings(db, dir);
        CyclicBarrier start = new CyclicBarrier(2);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<MigrateOutcome>> runs = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                runs.add(pool.submit(() -> {
                    Migrator migrator = new Migrator(settings);
                    start.await(30, TimeUnit.SECONDS);
                    return migrator.up();
                }));
            }
            List<Integer> applied = new ArrayList<>();
            for (Future<MigrateOutcome> run : runs) {
                applied.add(run.get(120, TimeUnit.SECONDS).applied()); // neither may fail
            }
            assertThat(applied).containsExactlyInAnyOrder(19, 0);
        } finally {
            pool.shutdownNow();
        }
        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*), count(DISTINCT version), bool_and(success)"
                     + " FROM flyway_schema_history WHERE version IS NOT NULL")) {
            rs.next();
            assertThat(rs.getInt(1)).as("history rows").isEqualTo(19);
            assertThat(rs.getInt(2)).as("distinct versions").isEqualTo(19);
            assertThat(rs.getBoolean(3)).as("all successful").isTrue();
        }
        assertThat(new Migrator(settings).info().currentVersion()).isEqualTo("900");
    }
}
