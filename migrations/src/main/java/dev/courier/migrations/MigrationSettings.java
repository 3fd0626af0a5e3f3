package dev.courier.migrations;

import java.util.ArrayList;
import java.util.List;

/**
 * Where to migrate and from which scripts. Immutable; validated as a whole on construction.
 *
 * @param url       JDBC URL of the PostgreSQL database, e.g. {@code jdbc:postgresql://127.0.0.1:5432/courier}
 * @param user      database user
 * @param password  database password (may be empty, never printed)
 * @param locations Flyway locations holding the {@code V<n>__*.sql} and {@code U<n>__*.sql} scripts,
 *                  e.g. {@code classpath:db/migration} or {@code filesystem:/srv/courier/sql}
 */
public record MigrationSettings(String url, String user, String password, List<String> locations) {

    /** The scripts shipped in this module. */
    public static final String DEFAULT_LOCATION = "classpath:db/migration";

    public MigrationSettings {
        List<String> problems = new ArrayList<>();
        if (url == null || !url.startsWith("jdbc:postgresql:")) {
            problems.add("url must be a jdbc:postgresql: URL, got " + url);
        }
        if (user == null || user.isBlank()) {
            problems.add("user must not be empty");
        }
        if (locations == null || locations.isEmpty() || locations.stream().anyMatch(l -> l == null || l.isBlank())) {
            problems.add("locations must list at least one non-empty location, got " + locations);
        }
        if (!problems.isEmpty()) {
            throw new MigrationException(MigrationException.Code.INVALID_SETTINGS,
                    "Invalid migration settings: " + String.join("; ", problems));
        }
        password = password == null ? "" : password;
        locations = List.copyOf(locations);
    }

    /** Settings using the scripts shipped in this module ({@value #DEFAULT_LOCATION}). */
    public static MigrationSettings of(String url, String user, String password) {
        return new MigrationSettings(url, user, password, List.of(DEFAULT_LOCATION));
    }

    @Override
    public String toString() {
        return "MigrationSettings[url=" + url + ", user=" + user + ", password=" + (password.isEmpty() ? "" : "****")
                + ", locations=" + locations + "]";
    }
}
