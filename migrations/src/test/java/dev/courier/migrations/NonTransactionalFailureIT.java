package dev.courier.migrations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.courier.migrations.MigrationException.Code;
import dev.courier.testkit.PostgresDatabaseExtension;
import dev.courier.testkit.PostgresTestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(PostgresDatabaseExtension.class)
class NonTransactionalFailureIT {

    @Test
    @DisplayName("a migration failing outside a transaction is reported as possibly partial, not as rolled back")
    void failureOutsideTransactionIsReportedAsPartial(PostgresTestDatabase db, @TempDir Path dir) throws Exception {
        ScriptDirs.copyShipped(dir);
        Migrator migrator = new Migrator(ScriptDirs.settings(db, dir));
        migrator.up();

        // The .conf beside it (Flyway's script configuration) sets executeInTransaction=false.
        ScriptDirs.add(dir, "broken_outside_transaction.sql", "V900__broken_outside_transaction.sql");
        ScriptDirs.add(dir, "broken_outside_transaction.sql.conf", "V900__broken_outside_transaction.sql.conf");
        assertThatThrownBy(migrator::up)
                .isInstanceOfSatisfying(MigrationException.class, e -> assertThat(e.code()).isEqualTo(Code.MIGRATION_FAILED))
                .hasMessageContaining("Migration V900__broken_outside_transaction.sql failed outside a transaction")
                .hasMessageContaining("may have left partial changes")
                .hasMessageNotContaining("rolled back");

        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_tables WHERE tablename = 'broken_outside_partial'")) {
            rs.next();
            assertThat(rs.getInt(1)).as("the table created before the failure stays").isEqualTo(1);
        }
    }
}
