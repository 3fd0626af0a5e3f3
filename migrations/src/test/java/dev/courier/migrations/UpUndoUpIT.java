package dev.courier.migrations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.courier.testkit.PostgresDatabaseExtension;
import dev.courier.testkit.PostgresTestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(PostgresDatabaseExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class UpUndoUpIT {

    private static final int VERSIONS = 18;

    @Test
    @Order(1)
    @DisplayName("up -> undo all -> up leaves a schema identical to the first up (pg_dump --schema-only)")
    void upUndoUpIsIdentical(PostgresTestDatabase db) throws Exception {
        Migrator migrator = new Migrator(ScriptDirs.shipped(db));
        String empty = SchemaDump.of(db);

        MigrateOutcome first = migrator.up();
        assertThat(first.applied()).isEqualTo(VERSIONS);
        assertThat(first.toVersion()).isEqualTo(String.valueOf(VERSIONS));
        String afterUp = SchemaDump.of(db);

        UndoOutcome undone = migrator.undoTo("0");
        assertThat(undone.undone()).hasSize(VERSIONS).first().isEqualTo(String.valueOf(VERSIONS));
        assertThat(undone.nowAt()).isNull();
        assertThat(relationsOtherThanHistory(db)).isEmpty();
        assertThat(migrator.info().currentVersion()).isNull();

        assertThat(migrator.up().applied()).isEqualTo(VERSIONS);
        assertThat(SchemaDump.of(db)).isEqualTo(afterUp);
        assertThat(afterUp).isNotEqualTo(empty).contains("CREATE VIEW public.message_delivery");
    }

    @Test
    @Order(2)
    @DisplayName("undo without a target undoes exactly the newest version, and up re-applies it")
    void undoOneStep(PostgresTestDatabase db) throws Exception {
        Migrator migrator = new Migrator(ScriptDirs.shipped(db));
        migrator.up();
        String before = SchemaDump.of(db);

        UndoOutcome one = migrator.undo();
        assertThat(one.undone()).containsExactly("18");
        assertThat(one.nowAt()).isEqualTo("17");
        assertThat(migrator.info().rows()).filteredOn(r -> r.version().equals("18"))
                .singleElement().extracting(MigrationRow::state).isEqualTo("Pending");

        assertThat(migrator.up().applied()).isEqualTo(1);
        assertThat(SchemaDump.of(db)).isEqualTo(before);
    }

    @Test
    @Order(3)
    @DisplayName("undo to a version undoes every newer version, newest first, and nothing else")
    void undoToVersion(PostgresTestDatabase db) {
        Migrator migrator = new Migrator(ScriptDirs.shipped(db));
        migrator.up();
        UndoOutcome outcome = migrator.undoTo("10");
        assertThat(outcome.undone()).containsExactly("18", "17", "16", "15", "14", "13", "12", "11");
        assertThat(outcome.nowAt()).isEqualTo("10");
        assertThat(migrator.undoTo("10").undone()).isEmpty();
        migrator.up();
    }

    @Test
    @Order(4)
    @DisplayName("undo refuses, changing nothing, when an undo script is missing")
    void undoRefusesWithoutScript(PostgresTestDatabase db, @TempDir Path dir) throws Exception {
        ScriptDirs.copyShipped(dir);
        try (var files = Files.list(dir)) {
            for (Path f : files.filter(f -> f.getFileName().toString().startsWith("U12__")).toList()) {
                Files.delete(f);
            }
        }
        Migrator migrator = new Migrator(ScriptDirs.settings(db, dir));
        migrator.up();
        String before = SchemaDump.of(db);

        assertThatThrownBy(() -> migrator.undoTo("11"))
                .isInstanceOfSatisfying(MigrationException.class,
                        e -> assertThat(e.code()).isEqualTo(MigrationException.Code.UNDO_SCRIPT_MISSING))
                .hasMessageContaining("U12__*.sql");
        assertThat(SchemaDump.of(db)).isEqualTo(before);
        assertThat(migrator.info().currentVersion()).isEqualTo("18");
    }

    @Test
    @Order(5)
    @DisplayName("a failing undo script rolls the whole undo back")
    void failingUndoRollsBack(PostgresTestDatabase db, @TempDir Path dir) throws Exception {
        ScriptDirs.copyShipped(dir);
        // U11 fails after U18 to U12 already ran in the same transaction.
        Path u11 = dir.resolve("U11__unread_messages.sql");
        Files.writeString(u11, "DROP TABLE unread_messages; DROP TABLE no_such_table;");
        Migrator migrator = new Migrator(ScriptDirs.settings(db, dir));
        migrator.up();
        String before = SchemaDump.of(db);

        assertThatThrownBy(() -> migrator.undoTo("10"))
                .isInstanceOfSatisfying(MigrationException.class,
                        e -> assertThat(e.code()).isEqualTo(MigrationException.Code.UNDO_FAILED))
                .hasMessageContaining("U11__unread_messages.sql").hasMessageContaining("nothing was undone");
        assertThat(SchemaDump.of(db)).isEqualTo(before);
        assertThat(migrator.info().currentVersion()).isEqualTo("18");
    }

    private static List<String> relationsOtherThanHistory(PostgresTestDatabase db) throws Exception {
        List<String> names = new ArrayList<>();
        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT relname FROM pg_class WHERE relnamespace = 'public'::regnamespace"
                     + " AND relname NOT LIKE 'flyway_schema_history%'"
                     + " UNION ALL SELECT proname FROM pg_proc WHERE pronamespace = 'public'::regnamespace")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }
}
