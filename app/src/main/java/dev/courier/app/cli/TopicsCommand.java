package dev.courier.app.cli;

import dev.courier.app.config.CourierConfig;
import dev.courier.app.kafka.TopicCreator;
import dev.courier.events.EventCodec;
import dev.courier.events.Topics;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code courier topics create}: creates every Courier topic on the configured cluster; safe to run again. */
@Command(name = "topics", description = "Manage Courier's Kafka topics.", mixinStandardHelpOptions = true,
        subcommands = TopicsCommand.Create.class)
public final class TopicsCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Creates the topics with COURIER_PARTITIONS partitions; existing ones are kept and checked. */
    @Command(name = "create", mixinStandardHelpOptions = true,
            description = {"Create every topic (prefix COURIER_TOPIC_PREFIX, COURIER_PARTITIONS partitions, "
                    + "COURIER_REPLICATION_FACTOR replicas) on the cluster at COURIER_KAFKA_BOOTSTRAP.",
                    "Idempotent: existing topics are kept; chat-scoped topics with differing partition counts are an error."})
    static final class Create implements Callable<Integer> {

        @Mixin
        ConfigOptions options;

        private final Map<String, String> env;

        Create(Map<String, String> env) {
            this.env = env;
        }

        @Override
        public Integer call() {
            CourierConfig config = options.load(env);
            Topics topics = new Topics(config.kafka().topicPrefix(), new EventCodec(config.limits()));
            try (Admin admin = Admin.create(config.kafka().commonClientProperties())) {
                new TopicCreator(admin).createAll(topics, config.kafka().partitions(), config.kafka().replicationFactor())
                        .forEach(o -> System.out.printf("%-40s %-8s %d partitions%n", o.topic(),
                                o.created() ? "created" : "exists", o.partitions()));
            }
            return 0;
        }
    }
}
