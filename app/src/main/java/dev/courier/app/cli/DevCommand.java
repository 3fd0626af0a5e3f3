package dev.courier.app.cli;

import dev.courier.app.config.CourierConfig;
import dev.courier.app.dev.DevMode;
import dev.courier.app.run.ServiceRunner;
import java.util.Map;
import java.util.OptionalInt;
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
                "Without COURIER_API_KEYS an admin key is generated, kept in COURIER_DATA_DIR/admin.key (reused on the next "
                + "start) and printed with the URLs and commands to try. With --demo, simulated users keep it busy.",
                "Ctrl-C (or SIGTERM) stops it; data survives a restart."})
public final class DevCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions options;

    @picocli.CommandLine.Option(names = "--no-sink",
            description = "Run everything but the sink (for `courier rebuild`, which needs the sink stopped).")
    boolean noSink;

    @picocli.CommandLine.Option(names = "--demo",
            description = "Simulated users in direct and group chats send messages, read history, post delivered and "
                    + "read receipts, and now and then send a bad request or a message the worker rejects, so every "
                    + "topic, table, metric and endpoint has live data. Needs COURIER_API_KEYS unset (it uses the dev "
                    + "admin key).")
    boolean demo;

    @picocli.CommandLine.Option(names = "--rate", paramLabel = "N", defaultValue = "50",
            description = "Messages per second of the demo, 1..10000 (default: ${DEFAULT-VALUE}; receipts and reads come on top).")
    int rate;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    private final Map<String, String> env;

    DevCommand(Map<String, String> env) {
        this.env = env;
    }

    @Override
    public Integer call() throws InterruptedException {
        if (spec.commandLine().getParseResult().hasMatchedOption("--rate") && !demo) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--rate is the demo's rate: add --demo");
        }
        if (demo && (rate < 1 || rate > 10_000)) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--rate " + rate + ": the demo's rate must be 1..10000 messages per second");
        }
        CourierConfig config = options.loadAndLog(env);
        return ServiceRunner.run("courier dev", new DevMode(config, !noSink, demo ? OptionalInt.of(rate) : OptionalInt.empty()));
    }
}
