package dev.courier.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.courier.app.Main;
import dev.courier.testkit.PostgresDatabaseExtension;
import dev.courier.testkit.PostgresTestDatabase;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(PostgresDatabaseExtension.class)
class MigrateCommandIT {

    @Test
    @DisplayName("courier migrate: up, info, undo --to 0 and info again report what they did through the exit code and output")
    void lifecycle(PostgresTestDatabase db) {
        Map<String, String> env = Map.of("COURIER_DATABASE_URL", db.jdbcUrl(), "COURIER_DATABASE_USER", db.user());

        String up = captureOut(() -> assertThat(Main.run(env, "migrate")).isZero());
        String info = captureOut(() -> assertThat(Main.run(env, "migrate", "info")).isZero());
        String undo = captureOut(() -> assertThat(Main.run(env, "migrate", "undo", "--to", "0")).isZero());
        String pending = captureOut(() -> assertThat(Main.run(env, "migrate", "info")).isEqualTo(1));

        assertThat(up).startsWith("applied ").contains("schema version <none> -> ");
        assertThat(info).contains("| Success |").doesNotContain("Pending");
        assertThat(undo).contains("schema version now <none>");
        assertThat(pending).contains("Pending").contains("! ").contains("courier migrate up");
    }

    @Test
    @DisplayName("courier migrate create writes the next V/U pair")
    void create(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("V3__x.sql"), "select 1;");

        captureOut(() -> assertThat(Main.run(Map.of(), "migrate", "create", "Add message pins", "--dir", dir.toString())).isZero());

        assertThat(dir.resolve("V4__add_message_pins.sql")).exists();
        assertThat(dir.resolve("U4__add_message_pins.sql")).exists();
    }

    private static String captureOut(Runnable r) {
        PrintStream original = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            r.run();
        } finally {
            System.setOut(original);
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
