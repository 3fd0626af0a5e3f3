package dev.courier.migrations.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.courier.migrations.MigrationException;
import dev.courier.migrations.MigrationSettings;
import dev.courier.testkit.PostgresTestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Flyway behaviour beyond its public API that {@link FlywayAdapter} relies on, as Flyway
 * {@value FlywayAdapter#CHECKED_AGAINST} has it. A failure here after an upgrade means: read
 * {@link FlywayVersionTest#RECHECK} and the class comment of FlywayAdapter before changing anything. Each test has a
 * database of its own.
 */
class FlywayBehaviourIT {

    private static final String CHANGED = "Flyway's behaviour changed since " + FlywayAdapter.CHECKED_AGAINST + ": ";

    private PostgresTestDatabase db;

    @BeforeEach
    void createDatabase() {
        db = PostgresTestDatabase.create(getClass().getSimpleName());
    }

    @AfterEach
    void dropDatabase() {
        db.close();
    }

    @Test
    @DisplayName("a failed migration in a transaction: reported with its transaction mode, no history row; a hand-written failed row reads as Failed, repair removes it")
    void failedInTransaction(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("V1__table.sql"), "CREATE TABLE t (id int);");
        Files.writeString(dir.resolve("V2__broken.sql"), "CREATE TABLE half (id int);\nSELECT 1 / 0;");
        FlywayAdapter flyway = adapter(dir);

        FlywayAdapter.ScriptFailure failure = catchThrowableOfType(FlywayAdapter.ScriptFailure.class, flyway::migrate);

        assertThat(failure).as(CHANGED + "a failing script no longer surfaces as FlywayMigrateException").isNotNull();
        assertThat(failure.inTransaction()).as(CHANGED + "isExecutableInTransaction() of a plain SQL script").isTrue();
        assertThat(failure.migration().version()).as(CHANGED + "getMigration() names the failed migration").isEqualTo("2");
        assertThat(failure.migration().script()).isEqualTo("V2__broken.sql");
        assertThat(historyRows("2")).as(CHANGED + "Flyway now keeps a row for a rolled-back migration on PostgreSQL;"
                + " FailureRecorder would add a second one").isZero();
        assertThat(tables()).as("rolled back").doesNotContain("half").contains("t");

        try (Connection c = db.connect()) {
            flyway.history(c).recordFailed(c, failure.migration(), db.user());
        }
        Migration recorded = version(flyway, "2");
        assertThat(recorded.state()).as(CHANGED + "Flyway does not read SchemaHistory's hand-written row as Failed")
                .isEqualTo(Migration.State.FAILED);
        assertThat(recorded.failed()).isTrue();
        assertThat(catchThrowableOfType(MigrationException.class, flyway::validate).code())
                .as(CHANGED + "validate's message no longer says 'failed migration' (FlywayAdapter.validationFailure)")
                .isEqualTo(MigrationException.Code.FAILED_MIGRATION_PENDING_REPAIR);
        assertThat(flyway.repair()).as(CHANGED + "repair does not act on the hand-written failed row").isNotEmpty();
        assertThat(version(flyway, "2").state()).as("after repair").isEqualTo(Migration.State.PENDING);
        assertThat(historyRows("2")).isZero();
    }

    @Test
    @DisplayName("a failed migration outside a transaction: reported as such, and (with Flyway's transactional lock) no history row either")
    void failedOutsideTransaction(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("V1__broken.sql"), "CREATE TABLE partial (id int);\nSELECT 1 / 0;");
        Files.writeString(dir.resolve("V1__broken.sql.conf"), "executeInTransaction=false\n");
        FlywayAdapter flyway = adapter(dir);

        FlywayAdapter.ScriptFailure failure = catchThrowableOfType(FlywayAdapter.ScriptFailure.class, flyway::migrate);

        assertThat(failure).isNotNull();
        assertThat(failure.inTransaction()).as(CHANGED + "isExecutableInTransaction() with executeInTransaction=false")
                .isFalse();
        assertThat(tables()).as("not rolled back").contains("partial");
        assertThat(historyRows("1")).as(CHANGED + "Flyway " + FlywayAdapter.CHECKED_AGAINST + " writes a failed row"
                + " here and rolls it back with its transactional advisory lock, so none is left; now one is."
                + " FailureRecorder leaves this case to Flyway: re-check what it should record").isZero();
    }

    @Test
    @DisplayName("the history table has the columns SchemaHistory uses, and a deleted row reads as Pending (undo)")
    void historyTableLayout(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("V1__table.sql"), "CREATE TABLE t (id int);");
        Files.writeString(dir.resolve("V2__other.sql"), "CREATE TABLE u (id int);");
        FlywayAdapter flyway = adapter(dir);
        assertThat(flyway.migrate().applied()).isEqualTo(2);

        List<String> columns = new ArrayList<>();
        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT column_name FROM information_schema.columns"
                     + " WHERE table_name = 'flyway_schema_history' ORDER BY ordinal_position")) {
            while (rs.next()) {
                columns.add(rs.getString(1));
            }
        }
        assertThat(columns).as(CHANGED + "the history table's columns (SchemaHistory reads and writes them by hand)")
                .containsExactly("installed_rank", "version", "description", "type", "script", "checksum",
                        "installed_by", "installed_on", "execution_time", "success");
        assertThat(version(flyway, "2").type()).as(CHANGED + "the type name of a SQL migration (UndoRunner, SchemaHistory)")
                .isEqualTo("SQL");

        try (Connection c = db.connect()) {
            c.setAutoCommit(false);
            SchemaHistory history = flyway.history(c);
            history.lock(c);
            assertThat(history.versionedNewestFirst(c)).extracting(SchemaHistory.Entry::version).containsExactly("2", "1");
            history.delete(c, "2");
            c.commit();
        }
        assertThat(version(flyway, "2").state()).as(CHANGED + "a version whose row undo deleted").isEqualTo(Migration.State.PENDING);
        assertThat(flyway.info().currentVersion()).isEqualTo("1");
    }

    private FlywayAdapter adapter(Path dir) {
        return new FlywayAdapter(new MigrationSettings(db.jdbcUrl(), db.user(), db.password(),
                List.of("filesystem:" + dir.toAbsolutePath())));
    }

    private static Migration version(FlywayAdapter flyway, String version) {
        return flyway.info().all().stream().filter(m -> version.equals(m.version())).findFirst().orElseThrow();
    }

    private int historyRows(String version) throws SQLException {
        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM flyway_schema_history WHERE version = '" + version + "'")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private List<String> tables() throws SQLException {
        List<String> names = new ArrayList<>();
        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }
}
