package dev.courier.migrations;

import dev.courier.migrations.MigrationException.Code;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** {@code courier migrate create NAME}: writes the next {@code V<n>__name.sql} / {@code U<n>__name.sql} pair. */
public final class MigrationScaffold {

    /** The two files written. */
    public record Created(int version, Path versioned, Path undo) {
    }

    private static final Pattern SCRIPT = Pattern.compile("^[VU](\\d+)(?:[._]\\d+)*__.*\\.sql$");

    private MigrationScaffold() {
    }

    /**
     * Writes the next pair into {@code directory} (created if missing). {@code name} is turned into
     * snake_case ("Add message pins" → {@code add_message_pins}). Never overwrites a file.
     */
    public static Created create(Path directory, String name) {
        String snake = snakeCase(name);
        try {
            Files.createDirectories(directory);
            int version = nextVersion(directory);
            Path v = directory.resolve("V" + version + "__" + snake + ".sql");
            Path u = directory.resolve("U" + version + "__" + snake + ".sql");
            write(v, fill("V.sql.template", version, snake));
            try {
                write(u, fill("U.sql.template", version, snake));
            } catch (IOException e) {
                Files.deleteIfExists(v);
                throw e;
            }
            return new Created(version, v, u);
        } catch (IOException e) {
            throw new MigrationException(Code.SCAFFOLD_FAILED, "Cannot create migration " + snake + " in " + directory
                    + ": " + e, e);
        }
    }

    /** "Add message pins" → {@code add_message_pins}; rejects names with no letter or digit. */
    public static String snakeCase(String name) {
        String snake = name == null ? "" : name.strip().toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9]+", "_").replaceAll("^_+|_+$", "");
        if (snake.isEmpty() || !Character.isLetter(snake.charAt(0))) {
            throw new MigrationException(Code.INVALID_NAME, "Migration name must start with a letter and contain"
                    + " letters, digits or separators, e.g. add_message_pins; got '" + name + "'");
        }
        return snake;
    }

    static int nextVersion(Path directory) throws IOException {
        int max = 0;
        try (Stream<Path> files = Files.list(directory)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Matcher m = SCRIPT.matcher(f.getFileName().toString());
                if (m.matches()) {
                    max = Math.max(max, Integer.parseInt(m.group(1)));
                }
            }
        }
        return max + 1;
    }

    private static String fill(String template, int version, String snake) throws IOException {
        try (InputStream in = MigrationScaffold.class.getResourceAsStream("templates/" + template)) {
            if (in == null) {
                throw new IOException("template " + template + " missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .replace("{{version}}", Integer.toString(version))
                    .replace("{{name}}", snake)
                    .replace("{{description}}", snake.replace('_', ' '));
        }
    }

    private static void write(Path file, String content) throws IOException {
        Files.writeString(file, content, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW);
    }
}
