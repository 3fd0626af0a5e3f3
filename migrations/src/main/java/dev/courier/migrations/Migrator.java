package dev.courier.migrations;

import dev.courier.migrations.MigrationException.Code;
import dev.courier.migrations.internal.ChecksumMessages;
import dev.courier.migrations.internal.FailureRecorder;
import dev.courier.migrations.internal.FlywayAdapter;
import dev.courier.migrations.internal.InfoAdvice;
import dev.courier.migrations.internal.Migration;
import dev.courier.migrations.internal.MigrationLock;
import dev.courier.migrations.internal.UndoRunner;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operations behind {@code courier migrate}: up, info, validate, repair, baseline, undo.
 * Thread-safe; each call opens its own connections. Several instances (in several processes) may
 * call {@link #up()} at once: a PostgreSQL advisory lock held for the whole run makes one of them
 * migrate while the others wait and then find nothing pending.
 */
public final class Migrator {

    private static final Logger LOG = LoggerFactory.getLogger(Migrator.class);

    private final MigrationSettings settings;
    private final FlywayAdapter flyway;

    public Migrator(MigrationSettings settings) {
        this.settings = settings;
        this.flyway = new FlywayAdapter(settings);
    }

    public MigrationSettings settings() {
        return settings;
    }

    /** Applies every pending migration, each in its own transaction. */
    public MigrateOutcome up() {
        LOG.info("Migrating {}", settings);
        try (MigrationLock lock = MigrationLock.acquire(this::connect)) {
            return upHoldingLock();
        }
    }

    private MigrateOutcome upHoldingLock() {
        refuseIfBlocked(flyway.info().all());
        try {
            return flyway.migrate();
        } catch (FlywayAdapter.ScriptFailure failure) {
            throw FailureRecorder.record(flyway, failure, this::connect, settings.user());
        }
    }

    /** Every migration known locally or applied, with what to do about any that needs attention. */
    public InfoReport info() {
        FlywayAdapter.Info info = flyway.info();
        List<MigrationRow> rows = info.all().stream().map(Migrator::row).toList();
        return new InfoReport(rows, info.currentVersion(), InfoAdvice.of(info.all()));
    }

    /** Checks applied migrations against the local scripts; throws {@link MigrationException} if they differ. */
    public void validate() {
        flyway.validate();
    }

    /** Removes failed entries from the history and realigns checksums/descriptions with the local scripts. */
    public List<String> repair() {
        return flyway.repair();
    }

    /** Marks an existing, unmanaged schema as being at {@code version}; later versions apply on {@code up}. */
    public void baseline(String version) {
        flyway.baseline(version);
    }

    /** Undoes the newest applied version. */
    public UndoOutcome undo() {
        return undoRunner().undo(Optional.empty());
    }

    /** Undoes every applied version newer than {@code version} ({@code "0"}: all of them), newest first, in one transaction. */
    public UndoOutcome undoTo(String version) {
        UndoRunner runner = undoRunner();
        return runner.undo(Optional.of(FlywayAdapter.requireVersion(version)));
    }

    private UndoRunner undoRunner() {
        List<Migration> edited = ChecksumMessages.mismatched(flyway.info().all());
        if (!edited.isEmpty()) {
            throw new MigrationException(Code.CHECKSUM_MISMATCH, "Refusing to undo: " + ChecksumMessages.mismatch(edited.get(0)));
        }
        return new UndoRunner(flyway, this::connect);
    }

    private void refuseIfBlocked(List<Migration> all) {
        for (Migration m : all) {
            if (m.failed()) {
                throw new MigrationException(Code.FAILED_MIGRATION_PENDING_REPAIR, "Refusing to migrate: "
                        + InfoAdvice.of(List.of(m)).get(0));
            }
        }
        List<Migration> edited = ChecksumMessages.mismatched(all);
        if (!edited.isEmpty()) {
            throw new MigrationException(Code.CHECKSUM_MISMATCH, "Refusing to migrate: " + ChecksumMessages.mismatch(edited.get(0)));
        }
    }

    /** The schema reference (Markdown) of the database as it is now; see {@link SchemaReference}. */
    public String schemaReference() {
        String version = info().currentVersion();
        try (Connection c = connect()) {
            return SchemaReference.render(c, version == null ? "<none>" : version);
        } catch (SQLException e) {
            throw new MigrationException(Code.DATABASE, "Reading the catalog of " + settings.url() + " failed: "
                    + e.getMessage(), e);
        }
    }

    private Connection connect() {
        try {
            return DriverManager.getConnection(settings.url(), settings.user(), settings.password());
        } catch (SQLException e) {
            throw new MigrationException(Code.DATABASE, "Cannot connect to " + settings.url() + " as " + settings.user()
                    + ": " + e.getMessage(), e);
        }
    }

    private static MigrationRow row(Migration m) {
        return new MigrationRow(m.version() == null ? "" : m.version(), m.description(), m.type(), m.stateName(),
                m.checksum(), m.installedOn());
    }
}
