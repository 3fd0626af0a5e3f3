package dev.courier.migrations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MigrationScaffoldTest {

    @Test
    @DisplayName("create writes the next V/U pair after the highest existing version, from the templates")
    void createsNextPair(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("V1__a.sql"), "");
        Files.writeString(dir.resolve("V9__b.sql"), "");
        Files.writeString(dir.resolve("U9__b.sql"), "");
        Files.writeString(dir.resolve("V10__c.sql"), "");
        Files.writeString(dir.resolve("notes.txt"), "");

        MigrationScaffold.Created created = MigrationScaffold.create(dir, "Add message pins");

        assertThat(created.version()).isEqualTo(11);
        assertThat(created.versioned()).hasFileName("V11__add_message_pins.sql");
        assertThat(created.undo()).hasFileName("U11__add_message_pins.sql");
        assertThat(Files.readString(created.versioned())).startsWith("-- Why: add message pins.");
        assertThat(Files.readString(created.undo())).contains("Undo V11 (add message pins)")
                .contains("V11__add_message_pins.sql");
    }

    @Test
    @DisplayName("create in an empty or missing directory starts at version 1")
    void startsAtOne(@TempDir Path dir) {
        assertThat(MigrationScaffold.create(dir.resolve("new/sub"), "users").versioned()).hasFileName("V1__users.sql");
    }

    @Test
    @DisplayName("names become snake_case; names without a leading letter are refused")
    void names() {
        assertThat(MigrationScaffold.snakeCase("  Add-Message  Pins!! ")).isEqualTo("add_message_pins");
        assertThat(MigrationScaffold.snakeCase("already_snake_2")).isEqualTo("already_snake_2");
        for (String bad : new String[] {"", "  ", "---", "2fast", null}) {
            assertThatThrownBy(() -> MigrationScaffold.snakeCase(bad))
                    .isInstanceOfSatisfying(MigrationException.class,
                            e -> assertThat(e.code()).isEqualTo(MigrationException.Code.INVALID_NAME));
        }
    }
}
