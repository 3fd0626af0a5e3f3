package dev.courier.migrations.internal;

import dev.courier.migrations.MigrationException;
import dev.courier.migrations.MigrationException.Code;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.function.Supplier;
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

    public static MigrationException record(FlywayAdapter flyway, FlywayAdapter.ScriptFailure failure,
                                            Supplier<Connection> connections, String installedBy) {
        Throwable e = failure.getCause();
        Migration failed = failedMigration(flyway, failure.migration());
        String name = failed == null ? "a migration" : failed.script();
        String cause = e.getMessage() == null ? e.toString() : e.getMessage().strip();
        if (!failure.inTransaction()) {
            // Flyway writes a failed row for this case itself, but on PostgreSQL (11.20, transactional advisory lock)
            // the row is rolled back with its lock, so none is left and the next up runs the script again.
            // FlywayBehaviourIT pins that; recording the failure here too would change behaviour, so it is not done.
            return new MigrationException(Code.MIGRATION_FAILED, "Migration " + name + " failed outside a transaction"
                    + " and may have left partial changes: repair the schema by hand, then run `courier migrate repair`."
                    + " Cause: " + cause, e);
        }
        MigrationException result = new MigrationException(Code.MIGRATION_FAILED, "Migration " + name
                + " failed and was rolled back: the schema is as it was before it. It is recorded as failed;"
                + " fix the script, then run `courier migrate repair` and `courier migrate up`. Cause: " + cause, e);
        if (failed != null && failed.version() != null && !failed.failed()) {
            try (Connection c = connections.get()) {
                flyway.history(c).recordFailed(c, failed, installedBy);
            } catch (SQLException | RuntimeException recordFailure) {
                LOG.warn("Could not record {} as failed in the schema history", name, recordFailure);
                result.addSuppressed(recordFailure);
            }
        }
        return result;
    }

    private static Migration failedMigration(FlywayAdapter flyway, Migration reported) {
        // Read the state again: the reported object is the pre-migration view.
        try {
            FlywayAdapter.Info info = flyway.info();
            if (reported != null && reported.version() != null) {
                return info.all().stream()
                        .filter(m -> m.version() != null && FlywayAdapter.VERSION_ORDER.compare(reported.version(), m.version()) == 0)
                        .findFirst().orElse(reported);
            }
            List<Migration> pending = info.pending();
            return pending.isEmpty() ? null : pending.get(0);
        } catch (RuntimeException infoFailure) {
            return reported;
        }
    }
}
