package dev.courier.migrations;

import dev.courier.testkit.PostgresTestDatabase;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.util.Map;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/** Copies of the shipped migration scripts in a directory a test may change. */
final class ScriptDirs {

    private ScriptDirs() {
    }

    /** Copies every shipped V/U script into {@code dir}. */
    static Path copyShipped(Path dir) throws IOException {
        try {
            // Failsafe puts the module's jar on the classpath, so the scripts may sit in a jar.
            URI uri = Objects.requireNonNull(ScriptDirs.class.getResource("/db/migration")).toURI();
            try (FileSystem jar = "jar".equals(uri.getScheme()) ? FileSystems.newFileSystem(uri, Map.of()) : null;
                 Stream<Path> files = Files.list(Path.of(uri))) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    Files.copy(f, dir.resolve(f.getFileName().toString()));
                }
            }
            return dir;
        } catch (URISyntaxException e) {
            throw new IOException(e);
        }
    }

    /** Adds the test script {@code /scripts/<resource>} as {@code fileName}. */
    static void add(Path dir, String resource, String fileName) throws IOException {
        try (InputStream in = Objects.requireNonNull(ScriptDirs.class.getResourceAsStream("/scripts/" + resource), resource)) {
            Files.copy(in, dir.resolve(fileName));
        }
    }

    static MigrationSettings settings(PostgresTestDatabase db, Path dir) {
        return new MigrationSettings(db.jdbcUrl(), db.user(), db.password(), List.of("filesystem:" + dir.toAbsolutePath()));
    }

    static MigrationSettings shipped(PostgresTestDatabase db) {
        return MigrationSettings.of(db.jdbcUrl(), db.user(), db.password());
    }
}
