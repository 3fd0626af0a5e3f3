package dev.courier.app.cli;

import dev.courier.app.config.CourierConfig;
import dev.courier.app.run.Pipeline;
import dev.courier.app.run.Pipeline.Part;
import dev.courier.app.run.ServiceRunner;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** The pipeline's components as long-running commands against an external Kafka cluster and PostgreSQL. */
public final class ComponentCommands {

    private ComponentCommands() {
    }

    private abstract static class Component implements Callable<Integer> {
        @Mixin
        ConfigOptions options;

        private final Map<String, String> env;
        private final String name;
        private final Set<Part> parts;

        Component(Map<String, String> env, String name, Set<Part> parts) {
            this.env = env;
            this.name = name;
            this.parts = parts;
        }

        @Override
        public Integer call() throws InterruptedException {
            CourierConfig config = options.loadAndLog(env);
            return ServiceRunner.run(name, new Pipeline(config, parts, config.http().apiKeys()));
        }
    }

    /** {@code courier ingest}: the HTTP API alone. */
    @Command(name = "ingest", mixinStandardHelpOptions = true,
            description = {"Run the HTTP API (write endpoints to the .in topics, read API over PostgreSQL, /health, "
                    + "/metrics) on COURIER_HTTP_PORT against COURIER_KAFKA_BOOTSTRAP.",
                    "Refuses to start without COURIER_API_KEYS. Stops cleanly on SIGTERM/Ctrl-C."})
    public static final class Ingest extends Component {
        Ingest(Map<String, String> env) {
            super(env, "ingest", EnumSet.of(Part.INGEST));
        }
    }

    /** {@code courier worker}: the delivery worker alone. */
    @Command(name = "worker", mixinStandardHelpOptions = true,
            description = {"Run the delivery worker (Kafka Streams, exactly_once_v2): sequencing, fan-out, receipts and "
                    + "unread counts. Instances share the chats; state lives under COURIER_DATA_DIR/worker-state.",
                    "Health and metrics on COURIER_HTTP_PORT. Exits with 1 if Streams fails for good."})
    public static final class Worker extends Component {
        Worker(Map<String, String> env) {
            super(env, "worker", EnumSet.of(Part.WORKER));
        }
    }

    /** {@code courier sink}: the PostgreSQL sink alone. */
    @Command(name = "sink", mixinStandardHelpOptions = true,
            description = {"Run the sink: chat-log, receipts and unread into PostgreSQL, one transaction per batch with "
                    + "the consumed offsets (exactly once).",
                    "Health and metrics on COURIER_HTTP_PORT; not ready while PostgreSQL is unreachable (it retries)."})
    public static final class SinkCommand extends Component {
        SinkCommand(Map<String, String> env) {
            super(env, "sink", EnumSet.of(Part.SINK));
        }
    }

    /** {@code courier serve}: every component in one process. */
    @Command(name = "serve", mixinStandardHelpOptions = true,
            description = {"Run ingest, the delivery worker and the sink in one process against an external cluster.",
                    "Refuses to start without COURIER_API_KEYS. /health/ready covers Kafka, the worker and the sink."})
    public static final class Serve extends Component {
        Serve(Map<String, String> env) {
            super(env, "serve", EnumSet.allOf(Part.class));
        }
    }
}
