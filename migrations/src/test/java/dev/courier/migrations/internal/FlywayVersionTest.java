package dev.courier.migrations.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Fails on a Flyway upgrade until someone has re-checked what {@link FlywayAdapter} relies on beyond Flyway's public
 * API; {@code FlywayBehaviourIT} checks that behaviour against a real database.
 */
class FlywayVersionTest {

    static final String RECHECK = "FlywayAdapter was checked against Flyway " + FlywayAdapter.CHECKED_AGAINST + ". Before"
            + " changing FlywayAdapter.CHECKED_AGAINST, re-check against the new version (FlywayBehaviourIT does most of"
            + " it): (1) FlywayMigrateException still exists, and isExecutableInTransaction() and getMigration() mean what"
            + " FailureRecorder assumes; (2) on PostgreSQL a failed migration that ran in a transaction still leaves no"
            + " history row (FailureRecorder adds one), and a failed one outside a transaction leaves none either (its"
            + " failed row is rolled back with Flyway's transactional lock); (3) flyway_schema_history keeps the columns"
            + " and type names SchemaHistory writes, Flyway reads a hand-written success=false row as Failed and repair"
            + " removes it, and a deleted row reads as Pending (undo); (4) validate's messages still contain"
            + " 'checksum mismatch' / 'failed migration' (FlywayAdapter.validationFailure); (5) Flyway still computes"
            + " the pinned checksums of the applied migrations (applied-migrations.checksums, AppliedChecksumsIT), or"
            + " every existing database fails validate.";

    @Test
    @DisplayName("the Flyway on the classpath is the one the pom declares and the one FlywayAdapter was checked against")
    void flywayVersionIsTheCheckedOne() throws IOException {
        String core = artifactVersion("flyway-core");
        String postgresql = artifactVersion("flyway-database-postgresql");
        String declared = declaredInParentPom();

        assertThat(core).as("flyway-core on the classpath vs <flyway.version> in the parent pom").isEqualTo(declared);
        assertThat(postgresql).as("flyway-database-postgresql vs flyway-core").isEqualTo(core);
        assertThat(core).as("Flyway is now %s. %s", core, RECHECK).isEqualTo(FlywayAdapter.CHECKED_AGAINST);
    }

    /** The version in Flyway's own artifact metadata (the jar's Maven pom.properties). */
    private static String artifactVersion(String artifactId) throws IOException {
        String resource = "META-INF/maven/org.flywaydb/" + artifactId + "/pom.properties";
        try (InputStream in = Objects.requireNonNull(FlywayAdapter.class.getClassLoader().getResourceAsStream(resource),
                resource + " is not on the classpath")) {
            Properties p = new Properties();
            p.load(in);
            return Objects.requireNonNull(p.getProperty("version"), "no version in " + resource);
        }
    }

    private static String declaredInParentPom() throws IOException {
        Matcher m = Pattern.compile("<flyway\\.version>([^<]+)</flyway\\.version>")
                .matcher(Files.readString(Path.of("..", "pom.xml")));
        assertThat(m.find()).as("<flyway.version> in ../pom.xml").isTrue();
        return m.group(1).strip();
    }
}
