package dev.courier.app.cli;

import dev.courier.migrations.InfoReport;
import dev.courier.migrations.MigrateOutcome;
import dev.courier.migrations.MigrationScaffold;
import dev.courier.migrations.Migrator;
import dev.courier.migrations.UndoOutcome;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code courier migrate}: the database schema's lifecycle, on the database of COURIER_DATABASE_URL. Without a
 * subcommand it runs {@code up}.
 */
@Command(name = "migrate", mixinStandardHelpOptions = true,
        description = {"Manage the PostgreSQL schema (Flyway) of COURIER_DATABASE_URL. Without a subcommand: up."},
        subcommands = {MigrateCommand.Up.class, MigrateCommand.Info.class, MigrateCommand.Validate.class,
                MigrateCommand.Repair.class, MigrateCommand.Undo.class, MigrateCommand.Create.class,
                MigrateCommand.Baseline.class, MigrateCommand.Docs.class})
public final class MigrateCommand extends OnDatabase {

    MigrateCommand(Map<String, String> env) {
        super(env);
    }

    @Override
    int run(Migrator migrator) {
        return Up.up(migrator);
    }

    /** Applies pending migrations; one instance migrates while others wait. */
    @Command(name = "up", mixinStandardHelpOptions = true,
            description = "Apply every pending migration, each in its own transaction (concurrent runs wait for each other).")
    static final class Up extends OnDatabase {
        Up(Map<String, String> env) {
            super(env);
        }

        @Override
        int run(Migrator migrator) {
            return up(migrator);
        }

        static int up(Migrator migrator) {
            MigrateOutcome o = migrator.up();
            System.out.printf("applied %d migration(s); schema version %s -> %s%n", o.applied(),
                    o.fromVersion() == null ? "<none>" : o.fromVersion(), o.toVersion() == null ? "<none>" : o.toVersion());
            return 0;
        }
    }

    /** Writes the schema reference from the live catalog. */
    @Command(name = "docs", mixinStandardHelpOptions = true,
            description = {"Write the schema reference (tables, columns, types, nullability, defaults, comments, constraints, "
                    + "indexes, triggers, views, functions) from the catalog of the database of COURIER_DATABASE_URL, as it is "
                    + "now (run `courier migrate up` first for the current schema).",
                    "The committed docs/schema.md is this output for a freshly migrated database; a test checks they agree."})
    static final class Docs extends OnDatabase {
        @Option(names = "--output", paramLabel = "FILE", defaultValue = "docs/schema.md",
                description = "Where to write it (default ${DEFAULT-VALUE}); - for standard output.")
        String output;

        Docs(Map<String, String> env) {
            super(env);
        }

        @Override
        int run(Migrator migrator) {
            String md = migrator.schemaReference();
            if (output.equals("-")) {
                System.out.print(md);
                return 0;
            }
            try {
                Path file = Path.of(output);
                if (file.getParent() != null) {
                    java.nio.file.Files.createDirectories(file.getParent());
                }
                java.nio.file.Files.writeString(file, md);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException("cannot write " + output + ": " + e.getMessage(), e);
            }
            System.out.println("wrote " + output + " (" + md.lines().count() + " lines)");
            return 0;
        }
    }

    /** Prints every migration's version, state, checksum and install time, and what to do about problems. */
    @Command(name = "info", mixinStandardHelpOptions = true,
            description = "Table of migrations: version, description, type, state, checksum, installed on; "
                    + "lines starting with '!' say what needs doing (exit code 1 when something does).")
    static final class Info extends OnDatabase {
        Info(Map<String, String> env) {
            super(env);
        }

        @Override
        int run(Migrator migrator) {
            InfoReport report = migrator.info();
            System.out.print(report.render());
            return report.advice().isEmpty() ? 0 : 1;
        }
    }

    /** Checks applied migrations against the scripts. */
    @Command(name = "validate", mixinStandardHelpOptions = true,
            description = "Check that applied migrations match the scripts (an edited script is refused).")
    static final class Validate extends OnDatabase {
        Validate(Map<String, String> env) {
            super(env);
        }

        @Override
        int run(Migrator migrator) {
            migrator.validate();
            System.out.println("valid");
            return 0;
        }
    }

    /** Clears failed entries and realigns checksums. */
    @Command(name = "repair", mixinStandardHelpOptions = true,
            description = "Remove failed migrations from the history and realign checksums with the scripts.")
    static final class Repair extends OnDatabase {
        Repair(Map<String, String> env) {
            super(env);
        }

        @Override
        int run(Migrator migrator) {
            List<String> actions = migrator.repair();
            System.out.println(actions.isEmpty() ? "nothing to repair" : String.join(System.lineSeparator(), actions));
            return 0;
        }
    }

    /** Reverses applied migrations with their U scripts. */
    @Command(name = "undo", mixinStandardHelpOptions = true,
            description = "Undo the newest migration, or with --to every migration newer than N (0: all), newest first, "
                    + "in one transaction, using the U<n> scripts; Flyway's history is updated to match.")
    static final class Undo extends OnDatabase {
        @Option(names = "--to", paramLabel = "N", description = "Undo down to (and keeping) version N; 0 undoes everything.")
        String to;

        Undo(Map<String, String> env) {
            super(env);
        }

        @Override
        int run(Migrator migrator) {
            UndoOutcome o = to == null ? migrator.undo() : migrator.undoTo(to);
            System.out.println("undid " + (o.undone().isEmpty() ? "nothing" : String.join(", ", o.undone()))
                    + "; schema version now " + (o.nowAt() == null ? "<none>" : o.nowAt()));
            return 0;
        }
    }

    /** Adopts an existing schema. */
    @Command(name = "baseline", mixinStandardHelpOptions = true,
            description = "Mark an existing, unmanaged schema as being at --baseline-version; later versions apply on up.")
    static final class Baseline extends OnDatabase {
        @Option(names = "--baseline-version", paramLabel = "N", defaultValue = "1",
                description = "The version the existing schema corresponds to (default ${DEFAULT-VALUE}).")
        String version;

        Baseline(Map<String, String> env) {
            super(env);
        }

        @Override
        int run(Migrator migrator) {
            migrator.baseline(version);
            System.out.println("baselined at version " + version);
            return 0;
        }
    }

    /** Writes the next V/U pair; needs no database. */
    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Write the next V<n>__NAME.sql and U<n>__NAME.sql pair from a template.")
    static final class Create implements Callable<Integer> {
        @Parameters(paramLabel = "NAME", description = "What the migration does, e.g. \"add message pins\".")
        String name;
        @Option(names = "--dir", paramLabel = "DIR", defaultValue = "migrations/src/main/resources/db/migration",
                description = "Where the scripts live (default: ${DEFAULT-VALUE}).")
        Path dir;

        @Override
        public Integer call() {
            MigrationScaffold.Created c = MigrationScaffold.create(dir, name);
            System.out.println("created " + c.versioned() + System.lineSeparator() + "created " + c.undo());
            return 0;
        }
    }
}
