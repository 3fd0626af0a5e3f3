package dev.courier.app.cli;

import dev.courier.app.config.ConfigLoader;
import dev.courier.app.config.CourierConfig;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Option;

/** The {@code --config FILE} option every command shares, and loading the configuration it points to. */
public final class ConfigOptions {

    private static final Logger log = LoggerFactory.getLogger(ConfigOptions.class);

    @Option(names = "--config", paramLabel = "FILE",
            description = "Properties file with settings (COURIER_* names or courier.* keys); environment variables override it.")
    Path configFile;

    /** Loads and validates the configuration, logging the effective values (secrets masked) and unknown variables. */
    public CourierConfig load(Map<String, String> env) {
        CourierConfig config = ConfigLoader.load(env, Optional.ofNullable(configFile));
        log.info("configuration: {}", String.join(", ", ConfigLoader.describe(env, Optional.ofNullable(configFile))));
        ConfigLoader.unknownVariables(env).forEach(v -> log.warn("{} is set but is not a Courier setting (a typo?)", v));
        return config;
    }
}
