package dev.courier.migrations;

import dev.courier.migrations.MigrationException.Code;
import dev.courier.migrations.internal.ChecksumMessages;
import dev.courier.migrations.internal.FailureRecorder;
import dev.courier.migrations.internal.InfoAdvice;
import dev.courier.migrations.internal.MigrationLock;
import dev.courier.migrations.internal.UndoRunner;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.api.exception.FlywayValidateException;
import org.flywaydb.core.api.output.MigrateResult;
import org.flywaydb.core.api.output.ValidateResult;
import org.flywaydb.core.internal.exception.FlywayMigrateException;
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
    private final Flyway flyway;

    public Migrator(MigrationSettings settings) {
        this.settings = settings;
        this.flyway = configure(settings).load();
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
        refuseIfBlocked(flywayCall(flyway::info).all());
        try {
            MigrateResult r = flyway.migrate();
            // Flyway leaves targetSchemaVersion null when it applied nothing.
            String now = r.targetSchemaVersion != null ? r.targetSchemaVersion : currentVersion();
            return new MigrateOutcome(r.migrationsExecuted, r.initialSchemaVersion, now);
        } catch (FlywayMigrateException e) {
            throw FailureRecorder.record(flyway, e, this::connect, settings.user());
        } catch (FlywayValidateException e) {
            throw classifyValidation(e.getMessage(), e);
        } catch (FlywayException e) {
            throw new MigrationException(Code.DATABASE, "Migrating " + settings.url() + " failed: " + e.getMessage(), e);
        }
    }

    private String currentVersion() {
        MigrationInfo current = flywayCall(flyway::info).current();
        return current == null || current.getVersion() == null ? null : current.getVersion().getVersion();
    }

    /** Every migration known locally or applied, with what to do about any that needs attention. */
    public InfoReport info() {
        MigrationInfoService svc = flywayCall(flyway::info);
        MigrationInfo[] all = svc.all();
        List<MigrationRow> rows = Arrays.stream(all).map(Migrator::row).toList();
        MigrationInfo current = svc.current();
        String version = current == null || current.getVersion() == null ? null : current.getVersion().getVersion();
        return new InfoReport(rows, version, InfoAdvice.of(all));
    }

    /** Checks applied migrations against the local scripts; throws {@link MigrationException} if they differ. */
    public void validate() {
        ValidateResult r = flywayCall(flyway::validateWithResult);
        if (!r.validationSuccessful) {
            throw classifyValidation("Validate failed: " + r.getAllErrorMessages(), null);
        }
    }

    /** Removes failed entries from the history and realigns checksums/descriptions with the local scripts. */
    public List<String> repair() {
        return List.copyOf(flywayCall(flyway::repair).repairActions);
    }

    /** Marks an existing, unmanaged schema as being at {@code version}; later versions apply on {@code up}. */
    public void baseline(String version) {
        Flyway baseliner = configure(settings).baselineVersion(version)
                .baselineDescription("courier baseline").load();
        flywayCall(baseliner::baseline);
    }

    /** Undoes the newest applied version. */
    public UndoOutcome undo() {
        return undoRunner().undo(Optional.empty());
    }

    /** Undoes every applied version newer than {@code version} ({@code "0"}: all of them), newest first, in one transaction. */
    public UndoOutcome undoTo(String version) {
        return undoRunner().undo(Optional.of(MigrationVersion.fromVersion(version)));
    }

    private UndoRunner undoRunner() {
        List<MigrationInfo> edited = ChecksumMessages.mismatched(flywayCall(flyway::info).all());
        if (!edited.isEmpty()) {
            throw new MigrationException(Code.CHECKSUM_MISMATCH, "Refusing to undo: " + ChecksumMessages.mismatch(edited.get(0)));
        }
        return new UndoRunner(flyway.getConfiguration(), this::connect);
    }

    private void refuseIfBlocked(MigrationInfo[] all) {
        for (MigrationInfo m : all) {
            if (m.getState().isFailed()) {
                throw new MigrationException(Code.FAILED_MIGRATION_PENDING_REPAIR, "Refusing to migrate: "
                        + InfoAdvice.of(new MigrationInfo[] {m}).get(0));
            }
        }
        List<MigrationInfo> edited = ChecksumMessages.mismatched(all);
        if (!edited.isEmpty()) {
            throw new MigrationException(Code.CHECKSUM_MISMATCH, "Refusing to migrate: " + ChecksumMessages.mismatch(edited.get(0)));
        }
    }

    private static MigrationException classifyValidation(String message, Throwable cause) {
        String lower = message.toLowerCase(java.util.Locale.ROOT);
        Code code = lower.contains("checksum mismatch") ? Code.CHECKSUM_MISMATCH
                : lower.contains("failed migration") ? Code.FAILED_MIGRATION_PENDING_REPAIR
                : Code.VALIDATION_FAILED;
        return new MigrationException(code, message, cause);
    }

    private <T> T flywayCall(java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (FlywayException e) {
            throw new MigrationException(Code.DATABASE, "Flyway on " + settings.url() + ": " + e.getMessage(), e);
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

    private static FluentConfiguration configure(MigrationSettings s) {
        return Flyway.configure(Migrator.class.getClassLoader())
                .dataSource(s.url(), s.user(), s.password())
                .locations(s.locations().toArray(String[]::new))
                // A mistyped location must not look like "nothing to migrate".
                .failOnMissingLocations(true)
                // Never drop a production schema from this tool.
                .cleanDisabled(true);
    }

    private static MigrationRow row(MigrationInfo m) {
        return new MigrationRow(m.getVersion() == null ? "" : m.getVersion().getVersion(), m.getDescription(),
                m.getType().name(), m.getState().getDisplayName(), m.getChecksum(),
                m.getInstalledOn() == null ? null : m.getInstalledOn().toInstant());
    }
}
