package dev.courier.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class JdbcUrlsTest {

    @Test
    void anotherDatabaseKeepsHostPortAndParameters() {
        String url = "jdbc:postgresql://db.example:5433/courier?sslmode=require&user=x";
        assertThat(JdbcUrls.database(url)).isEqualTo("courier");
        assertThat(JdbcUrls.onDatabase(url, "postgres")).isEqualTo("jdbc:postgresql://db.example:5433/postgres?sslmode=require&user=x");
        assertThat(JdbcUrls.onDatabase("jdbc:postgresql://127.0.0.1/courier", "b")).isEqualTo("jdbc:postgresql://127.0.0.1/b");
    }

    @Test
    void aUrlWithoutADatabaseIsRefusedByName() {
        assertThatThrownBy(() -> JdbcUrls.database("jdbc:postgresql://127.0.0.1:5432"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("jdbc:postgresql://127.0.0.1:5432");
    }
}
