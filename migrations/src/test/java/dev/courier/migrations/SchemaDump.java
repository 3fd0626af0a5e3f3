package dev.courier.migrations;

import dev.courier.testkit.PostgresTestDatabase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** {@code pg_dump --schema-only} of a test database, for before/after comparisons. */
final class SchemaDump {

    private SchemaDump() {
    }

    static String of(PostgresTestDatabase db) throws IOException, InterruptedException {
        // jdbc:postgresql://host:port/name?x  ->  postgresql://host:port/name (a libpq URI)
        String uri = db.jdbcUrl().substring("jdbc:".length()).replaceFirst("\\?.*$", "");
        Process p = new ProcessBuilder(List.of("pg_dump", "--schema-only", "--no-owner", "--no-privileges",
                "--username", db.user(), "--dbname", uri))
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("pg_dump of " + db.name() + " failed");
        }
        // pg_dump 15.14+ wraps the dump in psql restrict/unrestrict meta-commands carrying a random key.
        return out.lines().filter(l -> !l.startsWith("\\restrict ") && !l.startsWith("\\unrestrict "))
                .collect(java.util.stream.Collectors.joining("\n"));
    }
}
