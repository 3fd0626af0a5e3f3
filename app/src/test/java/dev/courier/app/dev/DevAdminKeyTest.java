package dev.courier.app.dev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.courier.ingest.ApiKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DevAdminKeyTest {

    @Test
    @DisplayName("the dev admin key is generated once, readable by its owner only, and the same key comes back on the next start")
    void keptAndReused(@TempDir Path dir) throws Exception {
        Path dataDir = dir.resolve("data");

        DevAdminKey first = DevAdminKey.loadOrCreate(dataDir);
        DevAdminKey second = DevAdminKey.loadOrCreate(dataDir);

        assertThat(first.created()).isTrue();
        assertThat(second.created()).isFalse();
        assertThat(second.key()).isEqualTo(first.key());
        assertThat(ApiKeys.parse(first.key() + ":admin").scopesOf(first.key())).isPresent();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(first.file()))).isEqualTo("rw-------");
        assertThat(dataDir).isDirectoryNotContaining("glob:**.tmp");
    }

    @Test
    @DisplayName("a key file that does not hold a key is refused, naming the file and how to recover")
    void corruptFile(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve(DevAdminKey.FILE_NAME), "not a key: spaces and a colon\n");

        assertThatThrownBy(() -> DevAdminKey.loadOrCreate(dir))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(dir.resolve(DevAdminKey.FILE_NAME).toString())
                .hasMessageContaining("delete the file");
    }
}
