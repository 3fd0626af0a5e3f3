package dev.courier.migrations.internal;

import java.util.ArrayList;
import java.util.List;

/** Turns Flyway's migration states into sentences that tell an operator what to do. */
public final class InfoAdvice {

    private InfoAdvice() {
    }

    public static List<String> of(List<Migration> all) {
        List<String> advice = new ArrayList<>();
        int pending = 0;
        for (Migration m : all) {
            String v = name(m);
            Migration.State s = m.state();
            if (s == Migration.State.FAILED || s == Migration.State.MISSING_FAILED || s == Migration.State.FUTURE_FAILED) {
                advice.add("Version " + v + " FAILED. PostgreSQL rolled it back, so the schema is as it was before it."
                        + " Fix " + (m.script() == null ? "the script" : m.script())
                        + ", then run `courier migrate repair` (clears the failed entry) and `courier migrate up`.");
            } else if (m.edited()) {
                advice.add(ChecksumMessages.mismatch(m));
            } else if (s == Migration.State.MISSING_SUCCESS) {
                advice.add("Version " + v + " is applied but its script is not in the configured locations:"
                        + " check the locations or the build.");
            } else if (s == Migration.State.FUTURE_SUCCESS) {
                advice.add("Version " + v + " is applied but newer than this build's scripts: run a newer courier.");
            } else if (s == Migration.State.PENDING) {
                pending++;
            }
        }
        if (pending > 0) {
            advice.add(pending + " migration(s) pending: run `courier migrate up`.");
        }
        return advice;
    }

    static String name(Migration m) {
        return (m.version() == null ? "" : m.version()) + " (" + m.description() + ")";
    }
}
