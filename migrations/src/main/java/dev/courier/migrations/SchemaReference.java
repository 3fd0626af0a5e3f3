package dev.courier.migrations;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The schema reference ({@code docs/schema.md}) written from the live catalog of a migrated database: tables with
 * their columns (type, nullability, default, comment), indexes, constraints and triggers; views with their
 * definitions; Courier's functions. Deterministic (everything sorted by name), so a test can compare a fresh
 * rendering with the committed file. Flyway's own history table is left out. The corrections to comments of applied
 * migrations (which can never be edited) come first, from {@value #ERRATA}.
 */
public final class SchemaReference {

    private static final String TABLES = """
            SELECT c.relname, obj_description(c.oid, 'pg_class')
              FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') AND c.relname <> 'flyway_schema_history'
             ORDER BY c.relname""";

    private static final String COLUMNS = """
            SELECT a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull,
                   pg_get_expr(d.adbin, d.adrelid), col_description(a.attrelid, a.attnum)
              FROM pg_attribute a
              LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
             WHERE a.attrelid = (quote_ident(current_schema()) || '.' || quote_ident(?))::regclass
               AND a.attnum > 0 AND NOT a.attisdropped
             ORDER BY a.attnum""";

    private static final String CONSTRAINTS = """
            SELECT conname, pg_get_constraintdef(oid)
              FROM pg_constraint
             WHERE conrelid = (quote_ident(current_schema()) || '.' || quote_ident(?))::regclass
             ORDER BY contype, conname""";

    private static final String INDEXES = """
            SELECT indexname, indexdef FROM pg_indexes
             WHERE schemaname = current_schema() AND tablename = ?
             ORDER BY indexname""";

    private static final String TRIGGERS = """
            SELECT tgname, pg_get_triggerdef(oid)
              FROM pg_trigger
             WHERE tgrelid = (quote_ident(current_schema()) || '.' || quote_ident(?))::regclass AND NOT tgisinternal
             ORDER BY tgname""";

    private static final String VIEWS = """
            SELECT c.relname, obj_description(c.oid, 'pg_class'), pg_get_viewdef(c.oid, true)
              FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE n.nspname = current_schema() AND c.relkind = 'v'
             ORDER BY c.relname""";

    private static final String FUNCTIONS = """
            SELECT p.proname, pg_get_function_identity_arguments(p.oid), pg_get_function_result(p.oid),
                   obj_description(p.oid, 'pg_proc')
              FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
             WHERE n.nspname = current_schema() AND p.proname LIKE 'courier\\_%'
             ORDER BY p.proname""";

    /** Corrections to the comments of applied migrations; see its first paragraph. */
    static final String ERRATA = "migration-comment-errata.md";

    private SchemaReference() {
    }

    /** The reference as Markdown, for the schema at {@code version}. */
    public static String render(Connection c, String version) throws SQLException {
        StringBuilder md = new StringBuilder();
        md.append("# Database schema\n\n")
                .append("Written by `courier migrate docs` from the catalog of a database migrated to version ").append(version)
                .append(".\nDo not edit: a test compares this file with a fresh rendering. Why each table exists is in the\n")
                .append("comments of its migration (`migrations/src/main/resources/db/migration`).\n")
                .append("\n## Corrections to the migrations' comments\n\n").append(errata());
        for (List<String> table : rows(c, TABLES)) {
            String name = table.get(0);
            md.append("\n## Table `").append(name).append("`\n\n");
            if (table.get(1) != null) {
                md.append(table.get(1)).append("\n\n");
            }
            md.append("| column | type | null | default | comment |\n|---|---|---|---|---|\n");
            for (List<String> col : rows(c, COLUMNS, name)) {
                md.append("| `").append(col.get(0)).append("` | ").append(cell(col.get(1))).append(" | ")
                        .append("t".equals(col.get(2)) || "true".equals(col.get(2)) ? "not null" : "null").append(" | ")
                        .append(cell(col.get(3))).append(" | ").append(cell(col.get(4))).append(" |\n");
            }
            list(md, "Constraints", rows(c, CONSTRAINTS, name));
            list(md, "Indexes", rows(c, INDEXES, name));
            list(md, "Triggers", rows(c, TRIGGERS, name));
        }
        for (List<String> view : rows(c, VIEWS)) {
            md.append("\n## View `").append(view.get(0)).append("`\n\n");
            if (view.get(1) != null) {
                md.append(view.get(1)).append("\n\n");
            }
            md.append("```sql\n").append(view.get(2).strip()).append("\n```\n");
        }
        List<List<String>> functions = rows(c, FUNCTIONS);
        if (!functions.isEmpty()) {
            md.append("\n## Functions\n\n");
            for (List<String> f : functions) {
                md.append("- `").append(f.get(0)).append('(').append(f.get(1)).append(") returns ").append(f.get(2)).append('`')
                        .append(f.get(3) == null ? "" : ": " + f.get(3)).append('\n');
            }
        }
        return md.toString();
    }

    private static String errata() {
        try (InputStream in = SchemaReference.class.getResourceAsStream(ERRATA)) {
            if (in == null) {
                throw new IllegalStateException(ERRATA + " is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + ERRATA, e);
        }
    }

    private static void list(StringBuilder md, String heading, List<List<String>> items) {
        if (items.isEmpty()) {
            return;
        }
        md.append("\n").append(heading).append(":\n");
        for (List<String> i : items) {
            md.append("- `").append(i.get(0)).append("`: `").append(i.get(1).replace("`", "'")).append("`\n");
        }
    }

    private static String cell(String s) {
        return s == null ? "" : s.replace("|", "\\|").replace("\n", " ");
    }

    private static List<List<String>> rows(Connection c, String sql, String... params) throws SQLException {
        List<List<String>> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setString(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                int n = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    List<String> row = new ArrayList<>(n);
                    for (int i = 1; i <= n; i++) {
                        row.add(rs.getString(i));
                    }
                    out.add(row);
                }
            }
        }
        return out;
    }
}
