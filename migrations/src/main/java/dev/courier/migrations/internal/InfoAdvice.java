package dev.courier.migrations.internal;

import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;

/** Turns Flyway's migration states into sentences that tell an operator what to do. */
public final class InfoAdvice {

    private InfoAdvice() {
    }

    public static List<String> of(MigrationInfo[] all) {
        List<String> advice = new ArrayList<>();
        int pending = 0;
        for (MigrationInfo m : all) {
            String v = name(m);
            MigrationState s = m.getState();
            if (s == MigrationState.FAILED || s == MigrationState.MISSING_FAILED || s == MigrationState.FUTURE_FAILED) {
                advice.add("Version " + v + " FAILED. PostgreSQL rolled it back, so the schema is as it was before it."
                        + " Fix " + (m.getScript() == null ? "the script" : m.getScript())
                        + ", then run `courier migrate repair` (clears the failed entry) and `courier migrate up`.");
            } else if (m.isApplied() && m.isVersioned() && m.getResolvedChecksum() != null && !m.isChecksumMatching()) {
                advice.add(ChecksumMessages.mismatch(m));
            } else if (s == MigrationState.MISSING_SUCCESS) {
                advice.add("Version " + v + " is applied but its script is not in the configured locations:"
                        + " check the locations or the build.");
            } else if (s == MigrationState.FUTURE_SUCCESS) {
                advice.add("Version " + v + " is applied but newer than this build's scripts: run a newer courier.");
            } else if (s == MigrationState.PENDING) {
                pending++;
            }
        }
        if (pending > 0) {
            advice.add(pending + " migration(s) pending: run `courier migrate up`.");
        }
        return advice;
    }

    static String name(MigrationInfo m) {
        return (m.getVersion() == null ? "" : m.getVersion().getVersion()) + " (" + m.getDescription() + ")";
    }
}
