package dev.courier.app;

import dev.courier.app.cli.BenchCommand;
import dev.courier.app.cli.ComponentCommands;
import dev.courier.app.cli.DevCommand;
import dev.courier.app.cli.DlqCommand;
import dev.courier.app.cli.EnvironmentFactory;
import dev.courier.app.cli.LagCommand;
import dev.courier.app.cli.MigrateCommand;
import dev.courier.app.cli.RebuildCommand;
import dev.courier.app.cli.ReplayCommand;
import dev.courier.app.cli.TopicsCommand;
import dev.courier.app.config.ConfigException;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code courier} command. Each subcommand has {@code --help}; configuration comes from COURIER_* environment
 * variables over an optional {@code --config} properties file.
 */
@Command(name = "courier", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Courier: a Kafka-driven delivery pipeline for messenger backends.",
        subcommands = {DevCommand.class, ComponentCommands.Ingest.class, ComponentCommands.Worker.class,
                ComponentCommands.SinkCommand.class, ComponentCommands.Serve.class, TopicsCommand.class, MigrateCommand.class,
                LagCommand.class, DlqCommand.class, ReplayCommand.class, RebuildCommand.class, BenchCommand.class,
                CommandLine.HelpCommand.class},
        footer = {"", "Configuration: COURIER_* environment variables (see README.md), e.g. COURIER_KAFKA_BOOTSTRAP, "
                + "COURIER_DATABASE_URL, COURIER_API_KEYS."})
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(System.getenv(), args));
    }

    /** Runs the command line and returns the exit code: 0 success, 1 failure, 2 bad usage or configuration. */
    public static int run(Map<String, String> env, String... args) {
        CommandLine cli = new CommandLine(new Main(), new EnvironmentFactory(env));
        // picocli answers "courier nosuch --help" with the top-level help and exit code 0, as if the command existed.
        if (args.length > 0 && !args[0].startsWith("-") && !cli.getSubcommands().containsKey(args[0])) {
            cli.getErr().println("courier: unknown command '" + args[0] + "'; the commands are: "
                    + String.join(", ", cli.getSubcommands().keySet()) + " (courier --help)");
            return 2;
        }
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof ConfigException ce) {
                commandLine.getErr().println("courier: configuration error:");
                ce.problems().forEach(p -> commandLine.getErr().println("  " + p));
                return 2;
            }
            commandLine.getErr().println(commandLine.getCommandSpec().qualifiedName() + ": " + e.getMessage());
            org.slf4j.LoggerFactory.getLogger(Main.class).debug("failure", e);
            return 1;
        });
        return cli.execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"courier " + (v == null ? "(development build)" : v)};
        }
    }
}
