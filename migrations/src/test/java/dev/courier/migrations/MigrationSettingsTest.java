package dev.courier.migrations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class MigrationSettingsTest {

    @Test
    @DisplayName("every problem is reported at once")
    void collectsProblems() {
        assertThatThrownBy(() -> new MigrationSettings("jdbc:mysql://x/y", " ", "pw", List.of()))
                .isInstanceOfSatisfying(MigrationException.class,
                        e -> assertThat(e.code()).isEqualTo(MigrationException.Code.INVALID_SETTINGS))
                .hasMessageContaining("url").hasMessageContaining("user").hasMessageContaining("locations");
    }

    @Test
    @DisplayName("the password never appears in toString; locations are copied")
    void masksAndCopies() {
        List<String> locations = new ArrayList<>(List.of("classpath:db/migration"));
        MigrationSettings s = new MigrationSettings("jdbc:postgresql://h/db", "courier", "s3cret", locations);
        locations.add("filesystem:/tmp");
        assertThat(s.toString()).doesNotContain("s3cret").contains("****");
        assertThat(s.locations()).containsExactly("classpath:db/migration");
        assertThat(MigrationSettings.of("jdbc:postgresql://h/db", "u", null).password()).isEmpty();
    }
}
