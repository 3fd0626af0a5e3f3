package dev.courier.migrations.internal;

import dev.courier.migrations.MigrateOutcome;
import dev.courier.migrations.MigrationException;
import dev.courier.migrations.MigrationException.Code;
import dev.courier.migrations.MigrationSettings;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.Location;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;
import org.flywaydb.core.api.MigrationState;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.configuration.Configuration;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.api.exception.FlywayValidateException;
import org.flywaydb.core.api.output.MigrateResult;
import org.flywaydb.core.api.output.ValidateResult;
import org.flywaydb.core.internal.exception.FlywayMigrateException;

/**
 * Courier's one door to Flyway: every Flyway type this module uses is used here, and the rest of the module sees
 * Courier's types only ({@link Migration}, {@link MigrationException}, versions as strings). Public API throughout,
 * except for two things, both checked against Flyway {@value #CHECKED_AGAINST} ({@code FlywayVersionTest} fails when
 * the classpath has another version; {@code FlywayBehaviourIT} checks the behaviour itself):
 * <ul>
 *   <li>{@code FlywayMigrateException} (internal) is caught in {@link #migrate()}. It is the only place Flyway says
 *       whether a migration that failed ran in a transaction (PostgreSQL rolled it back) or outside one (it may
 *       have left partial changes). The public {@code MigrateResult} knows too ({@code MigrateOutput.rolledBack}),
 *       but a failing {@code migrate()} throws instead of returning it, and a callback's context names the failed
 *       migration but not how it ran.</li>
 *   <li>Rows of the history table written by hand ({@link #history(Connection)}, {@link SchemaHistory}). The
 *       community edition has no undo, so {@link UndoRunner} deletes the rows of the versions it undoes; and on
 *       PostgreSQL Flyway keeps no row for a migration that failed and was rolled back, so {@link FailureRecorder}
 *       adds one for {@code info} to name and {@code up} to stop at (as Flyway itself does on databases without
 *       transactional DDL). The table's columns and type names are Flyway's, not a published API.</li>
 * </ul>
 * Undo scripts are found through the configured {@link Location}s and the class loader, not Flyway's internal
 * scanner ({@link UndoScripts}).
 */
public final class FlywayAdapter {

    /** The Flyway version the internal use and the hand-written rows above were checked against. */
    public static final String CHECKED_AGAINST = "11.20.0";

    /** Flyway's order of versions ({@code 1.10} after {@code 1.9}), for versions given as strings. */
    public static final Comparator<String> VERSION_ORDER = Comparator.comparing(MigrationVersion::fromVersion);

    /** What {@code info} says: every migration in version order, those pending, and the current version. */
    public record Info(List<Migration> all, List<Migration> pending, String currentVersion) {
    }

    /** A migration script failed while {@link #migrate()} ran it; the cause is Flyway's exception. */
    public static final class ScriptFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient Migration migration;
        private final boolean inTransaction;

        ScriptFailure(Migration migration, boolean inTransaction, FlywayException cause) {
            super(cause.getMessage(), cause);
            this.migration = migration;
            this.inTransaction = inTransaction;
        }

        /** The failed migration as Flyway saw it before running it. */
        public Migration migration() {
            return migration;
        }

        /** It ran in a transaction, which PostgreSQL rolled back; false: it may have left partial changes. */
        public boolean inTransaction() {
            return inTransaction;
        }
    }

    private final MigrationSettings settings;
    private final Flyway flyway;

    public FlywayAdapter(MigrationSettings settings) {
        this.settings = settings;
        this.flyway = configure().load();
    }

    public Info info() {
        MigrationInfoService svc = call(flyway::info);
        MigrationInfo current = svc.current();
        return new Info(views(svc.all()), views(svc.pending()),
                current == null || current.getVersion() == null ? null : current.getVersion().getVersion());
    }

    /** Applies every pending migration, each in its own transaction; throws {@link ScriptFailure} if a script fails. */
    public MigrateOutcome migrate() {
        try {
            MigrateResult r = flyway.migrate();
            // Flyway leaves targetSchemaVersion null when it applied nothing.
            String now = r.targetSchemaVersion != null ? r.targetSchemaVersion : info().currentVersion();
            return new MigrateOutcome(r.migrationsExecuted, r.initialSchemaVersion, now);
        } catch (FlywayMigrateException e) {
            throw new ScriptFailure(e.getMigration() == null ? null : view(e.getMigration()), e.isExecutableInTransaction(), e);
        } catch (FlywayValidateException e) {
            throw validationFailure(e.getMessage(), e);
        } catch (FlywayException e) {
            throw new MigrationException(Code.DATABASE, "Migrating " + settings.url() + " failed: " + e.getMessage(), e);
        }
    }

    /** Throws {@link MigrationException} if the applied migrations differ from the local scripts. */
    public void validate() {
        ValidateResult r = call(flyway::validateWithResult);
        if (!r.validationSuccessful) {
            throw validationFailure("Validate failed: " + r.getAllErrorMessages(), null);
        }
    }

    /** Flyway's repair; returns what it did. */
    public List<String> repair() {
        return List.copyOf(call(flyway::repair).repairActions);
    }

    public void baseline(String version) {
        Flyway baseliner = configure().baselineVersion(requireVersion(version))
                .baselineDescription("courier baseline").load();
        call(baseliner::baseline);
    }

    /** The history table, resolved on {@code c} (see the class comment for why Courier writes to it). */
    public SchemaHistory history(Connection c) throws SQLException {
        Configuration config = flyway.getConfiguration();
        String schema = config.getDefaultSchema();
        if (schema == null && config.getSchemas().length > 0) {
            schema = config.getSchemas()[0];
        }
        return SchemaHistory.on(c, schema, config.getTable());
    }

    /** The {@code U} scripts in the configured locations. */
    public UndoScripts undoScripts() {
        Configuration config = flyway.getConfiguration();
        List<UndoScripts.Root> roots = new ArrayList<>();
        for (Location l : config.getLocations()) {
            boolean classpath = "classpath:".equals(l.getPrefix());
            if (l.getPathRegex() != null || !(classpath || "filesystem:".equals(l.getPrefix()))) {
                throw new MigrationException(Code.UNDO_NOT_POSSIBLE, "Undo reads its scripts from classpath: and"
                        + " filesystem: locations without wildcards, not from " + l.getDescriptor());
            }
            roots.add(new UndoScripts.Root(classpath, l.getRootPath()));
        }
        try {
            return UndoScripts.scan(roots, config.getClassLoader(), config.getEncoding());
        } catch (IOException e) {
            throw new MigrationException(Code.UNDO_FAILED, "Cannot read the undo scripts in " + settings.locations()
                    + ", nothing was undone: " + e.getMessage(), e);
        }
    }

    /** {@code version} if Flyway reads it as a version, else a {@link MigrationException} with Flyway's words. */
    public static String requireVersion(String version) {
        try {
            MigrationVersion.fromVersion(version);
            return version;
        } catch (FlywayException e) {
            throw new MigrationException(Code.INVALID_SETTINGS, e.getMessage(), e);
        }
    }

    /** {@code text} if Flyway reads it as a version. */
    static Optional<String> parseVersion(String text) {
        try {
            MigrationVersion.fromVersion(text);
            return Optional.of(text);
        } catch (FlywayException notAVersion) {
            return Optional.empty();
        }
    }

    private FluentConfiguration configure() {
        return Flyway.configure(FlywayAdapter.class.getClassLoader())
                .dataSource(settings.url(), settings.user(), settings.password())
                .locations(settings.locations().toArray(String[]::new))
                // A mistyped location must not look like "nothing to migrate".
                .failOnMissingLocations(true)
                // Never drop a production schema from this tool.
                .cleanDisabled(true);
    }

    private <T> T call(Supplier<T> call) {
        try {
            return call.get();
        } catch (FlywayException e) {
            throw new MigrationException(Code.DATABASE, "Flyway on " + settings.url() + ": " + e.getMessage(), e);
        }
    }

    /** Flyway reports every validation problem as one exception; its words say which problem it was. */
    private static MigrationException validationFailure(String message, Throwable cause) {
        String lower = message.toLowerCase(Locale.ROOT);
        Code code = lower.contains("checksum mismatch") ? Code.CHECKSUM_MISMATCH
                : lower.contains("failed migration") ? Code.FAILED_MIGRATION_PENDING_REPAIR
                : Code.VALIDATION_FAILED;
        return new MigrationException(code, message, cause);
    }

    private static List<Migration> views(MigrationInfo[] infos) {
        return Arrays.stream(infos).map(FlywayAdapter::view).toList();
    }

    private static Migration view(MigrationInfo m) {
        MigrationState s = m.getState();
        return new Migration(m.getVersion() == null ? null : m.getVersion().getVersion(), m.getDescription(),
                m.getType().name(), m.getScript(), state(s), s.getDisplayName(), s.isFailed(), m.isApplied(),
                m.getChecksum(), m.getResolvedChecksum(), m.getAppliedChecksum(), m.isChecksumMatching(),
                m.getInstalledOn() == null ? null : m.getInstalledOn().toInstant());
    }

    private static Migration.State state(MigrationState s) {
        return switch (s) {
            case PENDING -> Migration.State.PENDING;
            case SUCCESS -> Migration.State.SUCCESS;
            case FAILED -> Migration.State.FAILED;
            case MISSING_SUCCESS -> Migration.State.MISSING_SUCCESS;
            case MISSING_FAILED -> Migration.State.MISSING_FAILED;
            case FUTURE_SUCCESS -> Migration.State.FUTURE_SUCCESS;
            case FUTURE_FAILED -> Migration.State.FUTURE_FAILED;
            default -> Migration.State.OTHER;
        };
    }
}
