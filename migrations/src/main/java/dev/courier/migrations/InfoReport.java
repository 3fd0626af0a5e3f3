package dev.courier.migrations;

import java.util.ArrayList;
import java.util.List;

/**
 * The answer of {@code courier migrate info}: one row per migration, the current version, and
 * advice for every state that needs an operator (a failed version, an edited script, ...).
 *
 * @param rows           in version order
 * @param currentVersion the latest applied version, {@code null} for an empty database
 * @param advice         one sentence per problem, saying what to do; empty when all is well
 */
public record InfoReport(List<MigrationRow> rows, String currentVersion, List<String> advice) {

    private static final String[] HEADERS = {"Version", "Description", "Type", "State", "Checksum", "Installed on"};

    public InfoReport {
        rows = List.copyOf(rows);
        advice = List.copyOf(advice);
    }

    /** Rows whose state is {@code Failed}. */
    public List<MigrationRow> failed() {
        return rows.stream().filter(r -> r.state().equalsIgnoreCase("Failed")).toList();
    }

    /** A plain-text table followed by the advice lines, for a terminal. */
    public String render() {
        List<String[]> cells = new ArrayList<>();
        cells.add(HEADERS);
        for (MigrationRow r : rows) {
            cells.add(new String[] {r.version(), r.description(), r.type(), r.state(),
                    r.checksum() == null ? "" : r.checksum().toString(),
                    r.installedOn() == null ? "" : r.installedOn().toString()});
        }
        int[] width = new int[HEADERS.length];
        for (String[] line : cells) {
            for (int i = 0; i < line.length; i++) {
                width[i] = Math.max(width[i], line[i].length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (int n = 0; n < cells.size(); n++) {
            String[] line = cells.get(n);
            for (int i = 0; i < line.length; i++) {
                out.append(i == 0 ? "" : " | ").append(String.format("%-" + width[i] + "s", line[i]));
            }
            out.append(System.lineSeparator());
            if (n == 0) {
                for (int i = 0; i < width.length; i++) {
                    out.append(i == 0 ? "" : "-+-").append("-".repeat(width[i]));
                }
                out.append(System.lineSeparator());
            }
        }
        out.append("Current version: ").append(currentVersion == null ? "<none>" : currentVersion)
                .append(System.lineSeparator());
        advice.forEach(a -> out.append("! ").append(a).append(System.lineSeparator()));
        return out.toString();
    }
}
