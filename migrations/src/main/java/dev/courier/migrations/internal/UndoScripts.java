package dev.courier.migrations.internal;

import java.io.IOException;
import java.io.Reader;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.configuration.Configuration;
import org.flywaydb.core.api.migration.JavaMigration;
import org.flywaydb.core.api.resource.LoadableResource;
import org.flywaydb.core.internal.scanner.Scanner;

/**
 * The {@code U<version>__<description>.sql} scripts found by Flyway's own scanner in the same
 * locations as the {@code V} scripts (classpath, jar or filesystem alike).
 */
public final class UndoScripts {

    public static final String PREFIX = "U";
    public static final String SUFFIX = ".sql";

    private final Map<MigrationVersion, LoadableResource> byVersion;

    private UndoScripts(Map<MigrationVersion, LoadableResource> byVersion) {
        this.byVersion = byVersion;
    }

    public static UndoScripts scan(Configuration config) {
        Scanner<JavaMigration> scanner = new Scanner<>(JavaMigration.class, config, config.getLocations());
        Map<MigrationVersion, LoadableResource> found = new HashMap<>();
        for (LoadableResource r : scanner.getResources(PREFIX, SUFFIX)) {
            String name = r.getFilename();
            int sep = name.indexOf("__");
            if (sep <= PREFIX.length()) {
                continue; // not U<version>__<description>.sql
            }
            MigrationVersion v;
            try {
                v = MigrationVersion.fromVersion(name.substring(PREFIX.length(), sep).replace('_', '.'));
            } catch (FlywayException notAVersion) {
                continue;
            }
            LoadableResource previous = found.putIfAbsent(v, r);
            if (previous != null) {
                throw new IllegalStateException("Two undo scripts for version " + v + ": " + previous.getAbsolutePath()
                        + " and " + r.getAbsolutePath());
            }
        }
        return new UndoScripts(found);
    }

    public Optional<LoadableResource> forVersion(MigrationVersion version) {
        return Optional.ofNullable(byVersion.get(version));
    }

    public static String read(LoadableResource r) throws IOException {
        try (Reader in = r.read()) {
            StringBuilder sb = new StringBuilder();
            char[] buf = new char[8192];
            for (int n; (n = in.read(buf)) >= 0; ) {
                sb.append(buf, 0, n);
            }
            return sb.toString();
        }
    }
}
