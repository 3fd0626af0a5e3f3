package dev.courier.app.cli;

import dev.courier.app.config.CourierConfig;
import dev.courier.app.dev.DevMode;
import dev.courier.app.run.ServiceRunner;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code courier dev}: the whole pipeline in one process for local development, with an embedded Kafka broker and
 * the local PostgreSQL. Runs until interrupted (Ctrl-C), then shuts down cleanly.
 */
@Command(name = "dev", mixinStandardHelpOptions = true,
        description = {"Run everything in one process: an embedded Kafka broker (KRaft) listening at COURIER_KAFKA_BOOTSTRAP "
                + "(default 127.0.0.1:9092) with data under COURIER_DATA_DIR (default ./.courier), the topics, the database "
                + "of COURIER_DATABASE_URL (created and migrated if missing), and the pipeline.",
                "Without COURIER_API_KEYS an admin key is generated and printed. Ctrl-C stops it; data survives a restart."})
public final class DevCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions options;

    @picocli.CommandLine.Option(names = "--no-sink",
            description = "Run everything but the sink (for `courier rebuild`, which needs the sink stopped).")
    boolean noSink;

    private final Map<String, String> env;

    DevCommand(Map<String, String> env) {
        this.env = env;
    }

    @Override
    public Integer call() throws InterruptedException {
        CourierConfig config = options.loadAndLog(env);
        return ServiceRunner.run("courier dev", new DevMode(config, !noSink));
    }
}
