package dev.courier.migrations;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Applied migrations never change: their checksums are pinned in {@code applied-migrations.checksums} (which says
 * why, and how to correct a comment instead). {@code FlywayBehaviourIT} checks that Flyway computes the same values.
 */
class AppliedMigrationsTest {

    static final String PINS = "/applied-migrations.checksums";
    private static final Path SCRIPTS = Path.of("src", "main", "resources", "db", "migration");
    private static final Pattern VERSIONED = Pattern.compile("^V(\\d+)__.*\\.sql$");

    @Test
    @DisplayName("every applied migration still has the checksum every database recorded for it")
    void appliedMigrationsAreUnchanged() throws IOException {
        for (Map.Entry<String, Integer> pin : pinned().entrySet()) {
            String script = pin.getKey();
            int now = checksum(script);
            assertThat(now).as("%s was edited after it was applied (Flyway checksum %s, every database recorded %s):"
                    + " `courier migrate validate` and `up` would now fail on every existing database. Revert it;"
                    + " correct a comment in migration-comment-errata.md instead (see migrations/src/test/resources%s),"
                    + " put a schema change in a new migration", script, now, pin.getValue(), PINS).isEqualTo(pin.getValue());
        }
    }

    @Test
    @DisplayName("every versioned script up to the newest pinned one is pinned, and none was removed or renamed")
    void everyReleasedScriptIsPinned() throws IOException {
        Map<String, Integer> pinned = pinned();
        int newestPinned = pinned.keySet().stream().mapToInt(AppliedMigrationsTest::version).max().orElseThrow();
        List<String> shipped;
        try (Stream<Path> files = Files.list(SCRIPTS)) {
            shipped = files.map(f -> f.getFileName().toString()).filter(n -> VERSIONED.matcher(n).matches()).toList();
        }
        assertThat(shipped).as("a pinned migration was removed or renamed; databases that ran it would report it missing")
                .containsAll(pinned.keySet());
        assertThat(shipped).filteredOn(n -> version(n) <= newestPinned)
                .as("scripts at or below V%d without a pinned checksum in %s", newestPinned, PINS)
                .allMatch(pinned::containsKey);
    }

    static Map<String, Integer> pinned() throws IOException {
        Map<String, Integer> pins = new LinkedHashMap<>();
        try (InputStream in = Objects.requireNonNull(AppliedMigrationsTest.class.getResourceAsStream(PINS), PINS)) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList()) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    String[] parts = line.strip().split("\\s+");
                    pins.put(parts[0], Integer.valueOf(parts[1]));
                }
            }
        }
        assertThat(pins).as(PINS).isNotEmpty();
        return pins;
    }

    /** Flyway's checksum of a script: a CRC32 over the UTF-8 bytes of each line, without line endings or a BOM. */
    private static int checksum(String script) throws IOException {
        CRC32 crc = new CRC32();
        try (InputStream in = Objects.requireNonNull(AppliedMigrationsTest.class.getResourceAsStream("/db/migration/" + script),
                script + " is not on the classpath");
             BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line; (line = lines.readLine()) != null; ) {
                crc.update((line.startsWith("\uFEFF") ? line.substring(1) : line).getBytes(StandardCharsets.UTF_8));
            }
        }
        return (int) crc.getValue();
    }

    private static int version(String script) {
        Matcher m = VERSIONED.matcher(script);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a versioned script: " + script);
        }
        return Integer.parseInt(m.group(1));
    }
}
