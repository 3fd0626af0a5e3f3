package dev.courier.migrations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.courier.testkit.PostgresDatabaseExtension;
import dev.courier.testkit.PostgresTestDatabase;
import java.sql.Connection;
import java.sql.Statement;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresDatabaseExtension.class)
class BaselineIT {

    @Test
    @DisplayName("baseline adopts an existing schema at a version: up applies only later versions, undo stops at the baseline")
    void baselineThenUp(PostgresTestDatabase db) throws Exception {
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE legacy_thing (id int PRIMARY KEY)");
        }
        Migrator migrator = new Migrator(ScriptDirs.shipped(db));
        migrator.baseline("0");
        assertThat(migrator.info().rows()).anySatisfy(r -> assertThat(r.type()).isEqualTo("BASELINE"));

        assertThat(migrator.up().applied()).isEqualTo(18);
        migrator.validate();
        assertThat(migrator.undoTo("17").undone()).containsExactly("18");
        assertThat(migrator.undoTo("1").undone()).hasSize(16);
        assertThatThrownBy(() -> migrator.undoTo("-1"))
                .isInstanceOfSatisfying(MigrationException.class,
                        e -> assertThat(e.code()).isEqualTo(MigrationException.Code.UNDO_NOT_POSSIBLE));
        assertThat(migrator.info().currentVersion()).isEqualTo("1");
    }
}
