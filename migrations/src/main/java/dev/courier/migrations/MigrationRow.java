package dev.courier.migrations;

import java.time.Instant;

/**
 * One line of {@code courier migrate info}.
 *
 * @param version     e.g. {@code "7"}; empty for repeatable migrations
 * @param description e.g. {@code "messages"}
 * @param type        {@code SQL}, {@code BASELINE}, ...
 * @param state       Flyway's state name: {@code Success}, {@code Pending}, {@code Failed}, ...
 * @param checksum    the applied checksum, or the local one for a pending migration; null if none
 * @param installedOn when it was applied; null if not applied
 */
public record MigrationRow(String version, String description, String type, String state, Integer checksum,
                           Instant installedOn) {
}
