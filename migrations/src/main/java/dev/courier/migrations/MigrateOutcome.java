package dev.courier.migrations;

/**
 * What {@link Migrator#up()} did.
 *
 * @param applied     number of migrations applied by this call (0 if the schema was current,
 *                    e.g. because another instance migrated it first)
 * @param fromVersion schema version before, {@code null} for an empty database
 * @param toVersion   schema version after, {@code null} if still empty
 */
public record MigrateOutcome(int applied, String fromVersion, String toVersion) {
}
