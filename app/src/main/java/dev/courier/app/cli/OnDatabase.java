package dev.courier.app.cli;

import dev.courier.app.config.CourierConfig;
import dev.courier.migrations.MigrationSettings;
import dev.courier.migrations.Migrator;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;

/** A migrate subcommand: loads the configuration and hands a {@link Migrator} of its database to {@link #run}. */
abstract class OnDatabase implements Callable<Integer> {
    @Mixin
    ConfigOptions options;

    private final Map<String, String> env;

    OnDatabase(Map<String, String> env) {
        this.env = env;
    }

    abstract int run(Migrator migrator);

    @Override
    public Integer call() {
        CourierConfig.Database db = options.load(env).database();
        return run(new Migrator(MigrationSettings.of(db.url(), db.user(), db.password())));
    }
}
