package dev.courier.migrations;

import static org.assertj.core.api.Assertions.assertThat;

import dev.courier.testkit.PostgresDatabaseExtension;
import dev.courier.testkit.PostgresTestDatabase;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresDatabaseExtension.class)
class AppliedChecksumsIT {

    @Test
    @DisplayName("Flyway computes the pinned checksums for the applied migrations, before and after applying them")
    void flywayAgreesWithThePins(PostgresTestDatabase db) throws Exception {
        Map<String, Integer> pinned = new TreeMap<>();
        AppliedMigrationsTest.pinned().forEach((script, checksum) ->
                pinned.put(script.substring(1, script.indexOf("__")), checksum));
        Migrator migrator = new Migrator(ScriptDirs.shipped(db));
        String why = "Flyway's checksum of an unchanged script differs from the one every database recorded: a new"
                + " checksum algorithm would make validate fail everywhere (see " + AppliedMigrationsTest.PINS + ")";

        assertThat(checksumsByVersion(migrator)).as("pending: %s", why).containsAllEntriesOf(pinned);
        migrator.up();
        assertThat(checksumsByVersion(migrator)).as("applied: %s", why).containsAllEntriesOf(pinned);
    }

    private static Map<String, Integer> checksumsByVersion(Migrator migrator) {
        Map<String, Integer> checksums = new TreeMap<>();
        migrator.info().rows().forEach(r -> checksums.put(r.version(), r.checksum()));
        return checksums;
    }
}
