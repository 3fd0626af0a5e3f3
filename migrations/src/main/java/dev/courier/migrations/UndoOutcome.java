package dev.courier.migrations;

import java.util.List;

/**
 * What {@link Migrator#undo()} / {@link Migrator#undoTo(String)} did.
 *
 * @param undone    versions undone, newest first (empty if nothing was above the target)
 * @param nowAt     schema version afterwards, {@code null} if no versioned migration is applied any more
 */
public record UndoOutcome(List<String> undone, String nowAt) {

    public UndoOutcome {
        undone = List.copyOf(undone);
    }
}
