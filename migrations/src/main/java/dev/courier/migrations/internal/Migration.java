package dev.courier.migrations.internal;

import java.time.Instant;

/**
 * One migration as Flyway's {@code info} sees it (a local script, a row of the history, or both), in Courier's
 * terms. Only {@link FlywayAdapter} builds these.
 *
 * @param version          e.g. {@code "7"}; null for a repeatable migration
 * @param description      e.g. {@code "messages"}
 * @param type             Flyway's type name: {@code SQL}, {@code JDBC}, {@code BASELINE}, ...
 * @param script           e.g. {@code V7__messages.sql}; null if there is none
 * @param state            the states Courier acts on; {@link State#OTHER} for the rest
 * @param stateName        Flyway's name for the state ({@code Success}, {@code Pending}, {@code Failed}, ...), as shown
 * @param failed           Flyway counts the state as failed
 * @param applied          the history has a row for it
 * @param checksum         the applied checksum, or the local one for a migration not applied; null if none
 * @param resolvedChecksum the local script's checksum; null without a local script
 * @param appliedChecksum  the checksum the history recorded; null if not applied
 * @param checksumMatching the local and the recorded checksum agree (or one of them is missing)
 * @param installedOn      when it was applied; null if not applied
 */
public record Migration(String version, String description, String type, String script, State state, String stateName,
                        boolean failed, boolean applied, Integer checksum, Integer resolvedChecksum,
                        Integer appliedChecksum, boolean checksumMatching, Instant installedOn) {

    /** The states Courier gives advice on or acts on. */
    public enum State {
        PENDING, SUCCESS, FAILED, MISSING_SUCCESS, MISSING_FAILED, FUTURE_SUCCESS, FUTURE_FAILED, OTHER
    }

    public boolean versioned() {
        return version != null;
    }

    /** An applied, versioned script whose local text no longer has the checksum the history recorded. */
    public boolean edited() {
        return applied && versioned() && resolvedChecksum != null && !checksumMatching;
    }
}
