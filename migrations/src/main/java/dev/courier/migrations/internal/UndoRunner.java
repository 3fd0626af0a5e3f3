package dev.courier.migrations.internal;

import dev.courier.migrations.MigrationException;
import dev.courier.migrations.MigrationException.Code;
import dev.courier.migrations.UndoOutcome;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Undo for Flyway's community edition: applies the {@code U<n>} scripts of the applied versions
 * above a target, newest version first, and deletes their rows from the history table, all in one
 * transaction (PostgreSQL DDL is transactional: either every step happens or none does).
 *
 * <p>The history table is locked for the whole transaction, so a concurrent {@code migrate}
 * waits for the undo (and the undo waits for a migration in progress) instead of interleaving.
 * U scripts run as one multi-statement string through the PostgreSQL driver: no Flyway
 * placeholders, and no statements that cannot run in a transaction (CREATE INDEX CONCURRENTLY).
 */
public final class UndoRunner {

    private static final Logger LOG = LoggerFactory.getLogger(UndoRunner.class);
    private static final Comparator<SchemaHistory.Entry> NEWEST_VERSION_FIRST =
            Comparator.comparing(SchemaHistory.Entry::version, FlywayAdapter.VERSION_ORDER).reversed();

    private final FlywayAdapter flyway;
    private final Supplier<Connection> connections;

    public UndoRunner(FlywayAdapter flyway, Supplier<Connection> connections) {
        this.flyway = flyway;
        this.connections = connections;
    }

    /**
     * Undoes every applied version above {@code target}, or only the newest one if {@code target} is empty.
     * {@code target} must be a version {@link FlywayAdapter#requireVersion} accepted.
     */
    public UndoOutcome undo(Optional<String> target) {
        UndoScripts scripts = flyway.undoScripts();
        try (Connection c = connections.get()) {
            c.setAutoCommit(false);
            try {
                UndoOutcome outcome = undoLocked(c, scripts, target);
                c.commit();
                return outcome;
            } catch (RuntimeException | SQLException | IOException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException | IOException e) {
            throw new MigrationException(Code.UNDO_FAILED, "Undo failed and was rolled back, nothing was undone: "
                    + e.getMessage(), e);
        }
    }

    private UndoOutcome undoLocked(Connection c, UndoScripts scripts, Optional<String> target)
            throws SQLException, IOException {
        SchemaHistory history = flyway.history(c);
        if (!history.exists(c)) {
            return new UndoOutcome(List.of(), null);
        }
        history.lock(c);
        List<SchemaHistory.Entry> applied = new ArrayList<>(history.versionedNewestFirst(c));
        for (SchemaHistory.Entry e : applied) {
            if (!e.success()) {
                throw new MigrationException(Code.FAILED_MIGRATION_PENDING_REPAIR, "Version " + e.version()
                        + " (" + e.description() + ") is recorded as failed: run `courier migrate repair` before undo.");
            }
        }
        applied.sort(NEWEST_VERSION_FIRST);
        List<SchemaHistory.Entry> toUndo = target
                .map(t -> applied.stream().filter(e -> FlywayAdapter.VERSION_ORDER.compare(e.version(), t) > 0).toList())
                .orElseGet(() -> applied.isEmpty() ? List.of() : List.of(applied.get(0)));
        Map<SchemaHistory.Entry, UndoScripts.Script> plan = plan(toUndo, scripts);

        List<String> undone = new ArrayList<>();
        for (Map.Entry<SchemaHistory.Entry, UndoScripts.Script> step : plan.entrySet()) {
            SchemaHistory.Entry e = step.getKey();
            UndoScripts.Script script = step.getValue();
            LOG.info("Undoing version {} ({}) with {}", e.version(), e.description(), script.fileName());
            try (Statement s = c.createStatement()) {
                s.execute(script.read());
            } catch (SQLException failure) {
                throw new MigrationException(Code.UNDO_FAILED, "Undo of version " + e.version() + " with "
                        + script.fileName() + " failed (SQLState " + failure.getSQLState() + "): "
                        + failure.getMessage() + ". Rolled back: nothing was undone.", failure);
            }
            history.delete(c, e.version());
            undone.add(e.version());
        }
        String nowAt = applied.stream().filter(e -> !undone.contains(e.version())).findFirst()
                .map(SchemaHistory.Entry::version).orElse(null);
        return new UndoOutcome(undone, nowAt);
    }

    private static Map<SchemaHistory.Entry, UndoScripts.Script> plan(List<SchemaHistory.Entry> toUndo, UndoScripts scripts) {
        Map<SchemaHistory.Entry, UndoScripts.Script> plan = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        for (SchemaHistory.Entry e : toUndo) {
            if (!"SQL".equals(e.type()) && !"JDBC".equals(e.type())) {
                problems.add("version " + e.version() + " is a " + e.type() + " entry and cannot be undone");
                continue;
            }
            Optional<UndoScripts.Script> script = scripts.forVersion(e.version());
            if (script.isPresent()) {
                plan.put(e, script.get());
            } else {
                problems.add("no " + UndoScripts.PREFIX + e.version() + "__*" + UndoScripts.SUFFIX + " for version "
                        + e.version() + " (" + e.description() + ")");
            }
        }
        if (!problems.isEmpty()) {
            boolean missing = problems.stream().anyMatch(p -> p.startsWith("no "));
            throw new MigrationException(missing ? Code.UNDO_SCRIPT_MISSING : Code.UNDO_NOT_POSSIBLE,
                    "Cannot undo, nothing was changed: " + String.join("; ", problems) + ".");
        }
        return plan;
    }
}
