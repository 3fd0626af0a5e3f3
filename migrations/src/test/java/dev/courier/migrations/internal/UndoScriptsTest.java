package dev.courier.migrations.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UndoScriptsTest {

    @Test
    @DisplayName("the shipped U scripts are found on the classpath, one per version, and read as text")
    void shippedScriptsOnTheClasspath() throws IOException {
        UndoScripts scripts = UndoScripts.scan(List.of(new UndoScripts.Root(true, "db/migration")),
                getClass().getClassLoader(), StandardCharsets.UTF_8);
        for (int v = 1; v <= 18; v++) {
            assertThat(scripts.forVersion(String.valueOf(v))).as("U%d", v).isPresent();
        }
        UndoScripts.Script u7 = scripts.forVersion("7").orElseThrow();
        assertThat(u7.fileName()).isEqualTo("U7__messages.sql");
        assertThat(u7.read()).contains("DROP TABLE");
        assertThat(scripts.forVersion("19")).isEmpty();
    }

    @Test
    @DisplayName("a filesystem location is searched with its subdirectories; V scripts, other files and bad names are skipped")
    void filesystemWithSubdirectories(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("sub"));
        Files.writeString(dir.resolve("U1__one.sql"), "SELECT 1;");
        Files.writeString(dir.resolve("sub/U2_1__two.sql"), "SELECT 2;");
        Files.writeString(dir.resolve("V3__three.sql"), "SELECT 3;");
        Files.writeString(dir.resolve("U3__three.sql.conf"), "executeInTransaction=false");
        Files.writeString(dir.resolve("Ux__not_a_version.sql"), "SELECT 4;");
        Files.writeString(dir.resolve("U__no_version.sql"), "SELECT 5;");

        UndoScripts scripts = scan(new UndoScripts.Root(false, dir.toString()));

        assertThat(scripts.forVersion("1").orElseThrow().read()).isEqualTo("SELECT 1;");
        assertThat(scripts.forVersion("2.1").orElseThrow().fileName()).isEqualTo("U2_1__two.sql");
        assertThat(scripts.forVersion("3")).isEmpty();
        assertThat(scan(new UndoScripts.Root(false, dir.resolve("missing").toString())).forVersion("1")).isEmpty();
    }

    @Test
    @DisplayName("versions compare as Flyway's: 1.0 is version 1, so two scripts for it are refused")
    void twoScriptsForOneVersion(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("U1__one.sql"), "SELECT 1;");
        Files.writeString(dir.resolve("U1_0__again.sql"), "SELECT 1;");
        assertThatThrownBy(() -> scan(new UndoScripts.Root(false, dir.toString())))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("Two undo scripts for version");
    }

    @Test
    @DisplayName("scripts inside a jar on the classpath are found and read")
    void scriptsInAJar(@TempDir Path dir) throws IOException {
        Path jar = dir.resolve("scripts.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            for (String name : List.of("sql/", "sql/undo/", "sql/undo/U5__five.sql", "sql/undo/nested/", "sql/undo/nested/U6__six.sql")) {
                out.putNextEntry(new JarEntry(name));
                if (!name.endsWith("/")) {
                    out.write(("-- " + name).getBytes(StandardCharsets.UTF_8));
                }
                out.closeEntry();
            }
        }
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
            UndoScripts scripts = UndoScripts.scan(List.of(new UndoScripts.Root(true, "sql/undo")), loader, StandardCharsets.UTF_8);
            assertThat(scripts.forVersion("5").orElseThrow().read()).isEqualTo("-- sql/undo/U5__five.sql");
            assertThat(scripts.forVersion("6").orElseThrow().path()).isEqualTo("sql/undo/nested/U6__six.sql");
        }
    }

    private static UndoScripts scan(UndoScripts.Root root) throws IOException {
        return UndoScripts.scan(List.of(root), UndoScriptsTest.class.getClassLoader(), StandardCharsets.UTF_8);
    }
}
