package dev.courier.migrations.internal;

import dev.courier.migrations.MigrationException;
import dev.courier.migrations.MigrationException.Code;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.function.Supplier;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.internal.exception.FlywayMigrateException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * After a failed migration: makes sure the history names it as failed, and builds the exception
 * that tells the operator what happened and what to do.
 *
 * <p>On PostgreSQL Flyway rolls a failed migration back and writes nothing, so {@code info} would
 * only show it as pending and a restart loop would retry it forever. Recording it as failed (as
 * Flyway does on databases without transactional DDL) makes {@code info} name it and makes
 * {@code up} stop until an operator runs {@code repair}.
 */
public final class FailureRecorder {

    private static final Logger LOG = LoggerFactory.getLogger(FailureRecorder.class);

    private FailureRecorder() {
    }

    public static MigrationException record(Flyway flyway, FlywayMigrateException e, Supplier<Connection> connections,
                                            String installedBy) {
        MigrationInfo failed = failedMigration(flyway, e);
        String name = failed == null ? "a migration" : failed.getScript();
        String cause = e.getMessage() == null ? e.toString() : e.getMessage().strip();
        if (!e.isExecutableInTransaction()) {
            return new MigrationException(Code.MIGRATION_FAILED, "Migration " + name + " failed outside a transaction"
                    + " and may have left partial changes: repair the schema by hand, then run `courier migrate repair`."
                    + " Cause: " + cause, e);
        }
        MigrationException result = new MigrationException(Code.MIGRATION_FAILED, "Migration " + name
                + " failed and was rolled back: the schema is as it was before it. It is recorded as failed;"
                + " fix the script, then run `courier migrate repair` and `courier migrate up`. Cause: " + cause, e);
        if (failed != null && failed.getVersion() != null && !failed.getState().isFailed()) {
            try (Connection c = connections.get()) {
                SchemaHistory.of(flyway.getConfiguration(), c).recordFailed(c, failed, installedBy);
            } catch (SQLException | RuntimeException recordFailure) {
                LOG.warn("Could not record {} as failed in the schema history", name, recordFailure);
                result.addSuppressed(recordFailure);
            }
        }
        return result;
    }

    private static MigrationInfo failedMigration(Flyway flyway, FlywayMigrateException e) {
        MigrationInfo reported = e.getMigration();
        // Read the state again: the reported object is the pre-migration view.
        try {
            MigrationInfo[] pending = flyway.info().pending();
            if (reported != null && reported.getVersion() != null) {
                return Arrays.stream(flyway.info().all())
                        .filter(m -> reported.getVersion().equals(m.getVersion()))
                        .findFirst().orElse(reported);
            }
            return pending.length == 0 ? null : pending[0];
        } catch (RuntimeException infoFailure) {
            return reported;
        }
    }
}
