package dev.courier.migrations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.courier.migrations.MigrationException.Code;
import dev.courier.testkit.PostgresDatabaseExtension;
import dev.courier.testkit.PostgresTestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(PostgresDatabaseExtension.class)
class ChecksumMismatchIT {

    @Test
    @DisplayName("an applied script edited afterwards is refused by up, validate and undo with a clear message")
    void editedScriptIsRefused(PostgresTestDatabase db, @TempDir Path dir) throws Exception {
        ScriptDirs.copyShipped(dir);
        Migrator migrator = new Migrator(ScriptDirs.settings(db, dir));
        migrator.undoTo("0"); // nothing applied yet: a no-op
        migrator.up();
        String before = SchemaDump.of(db);

        Files.writeString(dir.resolve("V4__contacts.sql"), "\nCREATE INDEX contacts_created_idx ON contacts (created_at);\n",
                StandardOpenOption.APPEND);
        ScriptDirs.add(dir, "fixed.sql", "V900__pending_after_edit.sql");

        assertThatThrownBy(migrator::up)
                .isInstanceOfSatisfying(MigrationException.class, e -> assertThat(e.code()).isEqualTo(Code.CHECKSUM_MISMATCH))
                .hasMessageContaining("Version 4 (contacts) was edited after it was applied")
                .hasMessageContaining("V4__contacts.sql")
                .hasMessageContaining("revert the file");
        assertThatThrownBy(migrator::validate)
                .isInstanceOfSatisfying(MigrationException.class, e -> assertThat(e.code()).isEqualTo(Code.CHECKSUM_MISMATCH));
        assertThatThrownBy(migrator::undo)
                .isInstanceOfSatisfying(MigrationException.class, e -> assertThat(e.code()).isEqualTo(Code.CHECKSUM_MISMATCH));
        assertThat(migrator.info().advice()).anySatisfy(a -> assertThat(a).contains("was edited after it was applied"));
        assertThat(SchemaDump.of(db)).as("nothing applied, not even the pending V900").isEqualTo(before);
        assertThat(migrator.info().currentVersion()).isEqualTo("18");
    }
}
