package dev.courier.migrations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.courier.migrations.MigrationException.Code;
import dev.courier.testkit.PostgresDatabaseExtension;
import dev.courier.testkit.PostgresTestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(PostgresDatabaseExtension.class)
class FailedMigrationIT {

    @Test
    @DisplayName("a migration failing midway leaves the schema as it was; info names it and says repair; repair clears it")
    void failedMigrationIsRolledBackAndReported(PostgresTestDatabase db, @TempDir Path dir) throws Exception {
        ScriptDirs.copyShipped(dir);
        Migrator migrator = new Migrator(ScriptDirs.settings(db, dir));
        migrator.up();
        String before = SchemaDump.of(db);

        ScriptDirs.add(dir, "broken.sql", "V900__broken.sql");
        assertThatThrownBy(migrator::up)
                .isInstanceOfSatisfying(MigrationException.class, e -> assertThat(e.code()).isEqualTo(Code.MIGRATION_FAILED))
                .hasMessageContaining("V900__broken.sql")
                .hasMessageContaining("rolled back")
                .hasMessageContaining("courier migrate repair");
        assertThat(SchemaDump.of(db)).as("schema after the failed migration").isEqualTo(before);

        InfoReport info = migrator.info();
        assertThat(info.failed()).singleElement().satisfies(r -> {
            assertThat(r.version()).isEqualTo("900");
            assertThat(r.description()).isEqualTo("broken");
        });
        assertThat(info.currentVersion()).isEqualTo("900");
        assertThat(info.advice()).anySatisfy(a -> assertThat(a).contains("Version 900 (broken) FAILED")
                .contains("courier migrate repair"));
        assertThat(info.render()).contains("Failed").contains("! Version 900 (broken) FAILED");

        assertThatThrownBy(migrator::up)
                .isInstanceOfSatisfying(MigrationException.class,
                        e -> assertThat(e.code()).isEqualTo(Code.FAILED_MIGRATION_PENDING_REPAIR))
                .hasMessageContaining("repair");
        assertThatThrownBy(migrator::validate).isInstanceOf(MigrationException.class);

        assertThat(migrator.repair()).isNotEmpty();
        assertThat(migrator.info().failed()).isEmpty();
        assertThat(migrator.info().currentVersion()).isEqualTo("18");

        Files.delete(dir.resolve("V900__broken.sql"));
        ScriptDirs.add(dir, "fixed.sql", "V900__broken.sql");
        assertThat(migrator.up().applied()).isEqualTo(1);
        assertThat(migrator.info().currentVersion()).isEqualTo("900");
        migrator.validate();
    }
}
