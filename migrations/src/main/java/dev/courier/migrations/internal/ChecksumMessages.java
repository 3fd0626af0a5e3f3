package dev.courier.migrations.internal;

import java.util.List;
import org.flywaydb.core.api.MigrationInfo;

/** The one wording for "an applied script was edited". */
public final class ChecksumMessages {

    private ChecksumMessages() {
    }

    public static String mismatch(MigrationInfo m) {
        return "Version " + InfoAdvice.name(m) + " was edited after it was applied: " + m.getScript()
                + " has checksum " + m.getResolvedChecksum() + " but the database recorded " + m.getAppliedChecksum()
                + ". Applied migrations must not change: revert the file and put the change in a new migration"
                + " (`courier migrate create NAME`). Only if the edit is intended and already reflected in the"
                + " database, `courier migrate repair` records the new checksum.";
    }

    public static List<MigrationInfo> mismatched(MigrationInfo[] all) {
        return java.util.Arrays.stream(all)
                .filter(m -> m.isApplied() && m.isVersioned() && m.getResolvedChecksum() != null && !m.isChecksumMatching())
                .toList();
    }
}
