package dev.courier.migrations.internal;

import java.util.List;

/** The one wording for "an applied script was edited". */
public final class ChecksumMessages {

    private ChecksumMessages() {
    }

    public static String mismatch(Migration m) {
        return "Version " + InfoAdvice.name(m) + " was edited after it was applied: " + m.script()
                + " has checksum " + m.resolvedChecksum() + " but the database recorded " + m.appliedChecksum()
                + ". Applied migrations must not change: revert the file and put the change in a new migration"
                + " (`courier migrate create NAME`). Only if the edit is intended and already reflected in the"
                + " database, `courier migrate repair` records the new checksum.";
    }

    public static List<Migration> mismatched(List<Migration> all) {
        return all.stream().filter(Migration::edited).toList();
    }
}
