package dev.courier.migrations;

import static org.assertj.core.api.Assertions.assertThat;

import dev.courier.testkit.PostgresDatabaseExtension;
import dev.courier.testkit.PostgresTestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresDatabaseExtension.class)
class SchemaReferenceIT {

    private static final Path COMMITTED = Path.of("..", "docs", "schema.md");

    @Test
    @DisplayName("docs/schema.md is what `courier migrate docs` writes for a freshly migrated database")
    void committedReferenceIsCurrent(PostgresTestDatabase db) throws Exception {
        Migrator migrator = new Migrator(MigrationSettings.of(db.jdbcUrl(), db.user(), db.password()));
        migrator.up();

        String fresh = migrator.schemaReference();

        assertThat(fresh).contains("## Table `messages`", "## View `message_delivery`", "sink_offsets_pkey",
                "courier_refuse_message_id_reuse");
        assertThat(Files.readString(COMMITTED)).as("docs/schema.md is stale: run `courier migrate docs` on a freshly "
                + "migrated database and commit it").isEqualTo(fresh);
    }
}
