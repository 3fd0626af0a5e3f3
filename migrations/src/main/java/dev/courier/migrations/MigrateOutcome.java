package dev.courier.migrations;

/**
 * What {@link Migrator#up()} did.
 *
 * @param applied     number of migrations applied by this call (0 if the schema was current;
 *                    fewer than were pending if a concurrent instance applied some of them)
 * @param fromVersion schema version before, {@code null} for an empty database
 * @param toVersion   the last version this call applied, or the current version if it applied
 *                    none; {@code null} if still empty
 */
public record MigrateOutcome(int applied, String fromVersion, String toVersion) {
}
