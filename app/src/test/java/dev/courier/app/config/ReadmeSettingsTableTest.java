package dev.courier.app.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ReadmeSettingsTableTest {

    @Test
    @DisplayName("the README's configuration table lists exactly the settings the code reads")
    void readmeTableIsCurrent() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        String start = "<!-- settings-table:start -->\n";
        String table = readme.substring(readme.indexOf(start) + start.length(), readme.indexOf("<!-- settings-table:end -->"));

        assertThat(table).as("README.md settings table; replace it with Settings.markdownTable()")
                .isEqualTo(Settings.markdownTable());
    }
}
