package dev.courier.app.cli;

import dev.courier.app.bench.EndToEndPhase;
import dev.courier.app.config.CourierConfig;
import dev.courier.bench.BenchChart;
import dev.courier.bench.BenchEnvironment;
import dev.courier.bench.BenchOptions;
import dev.courier.bench.BenchPhase;
import dev.courier.bench.BenchReport;
import dev.courier.bench.PhaseResult;
import dev.courier.bench.history.HistoryPhase;
import dev.courier.bench.ingest.IngestPhase;
import dev.courier.bench.sink.SinkPhase;
import dev.courier.bench.worker.WorkerPhase;
import dev.courier.embeddedkafka.EmbeddedKafkaCluster;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code courier bench}: each component measured next to a raw reference in the same run, on this machine.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
                "Measures Courier's components on this machine, each next to a raw reference measured in the same run, so that"
                        + " the ratio holds on a busy machine where absolute figures do not:",
                "  ingest   HTTP POSTs (single and batch) against a raw Kafka producer",
                "  worker   the delivery worker against an exactly-once pass-through Streams app on the same input; it takes"
                        + " COURIER_WORKER_THREADS, COURIER_WORKER_COMMIT_INTERVAL and COURIER_DEDUP_WINDOW from the environment",
                "  sink     the sink into PostgreSQL against a raw COPY of the same rows",
                "  history  history pages over HTTP and through the repository against the same SQL over raw JDBC",
                "  e2e      accepted -> persisted, -> committed (the sink's own histogram on /metrics) and -> inbox latency of"
                        + " the whole pipeline at a fixed rate against a bare Kafka hop; it takes COURIER_WORKER_*,"
                        + " COURIER_SINK_*, COURIER_DEDUP_WINDOW, COURIER_PUBLISH_TIMEOUT, COURIER_DATABASE_POOL_SIZE,"
                        + " COURIER_PARTITIONS and COURIER_KAFKA_PROP_* from the environment, to measure a setting both ways",
                "  all      every phase above, in that order",
                "Runs against an embedded single-node broker (started and removed for the run) and the PostgreSQL of"
                        + " COURIER_DATABASE_URL, in topics and a database of its own that are deleted afterwards. Progress goes to"
                        + " stderr; the table (or --json) to stdout. CPU per message is this JVM's: the component, its load generator"
                        + " and the embedded broker. docs/benchmarks.md has figures from this kind of machine."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:measured", "1:a phase failed", "2:bad usage or configuration"})
public final class BenchCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions options;

    @Parameters(index = "0", paramLabel = "PHASE", description = "ingest, worker, sink, history, e2e or all.")
    String phase;

    @Option(names = "--messages", paramLabel = "N",
            description = "Messages the worker and sink phases load, and the history phase stores (default 200,000). 1,000 to 10,000,000.")
    Integer messages;

    @Option(names = "--rate", paramLabel = "R", description = "Messages per second of a paced phase (e2e default 500). 1 to 100,000.")
    Integer rate;

    @Option(names = "--seconds", paramLabel = "S", description = "How long ingest, history and e2e measure (defaults 15, 10 per figure and 30; e2e first warms up as long, and on until the JIT compilers settle, up to six times as long or 180 s). 1 to 3,600.")
    Integer seconds;

    @Option(names = "--json", description = "Print the report as JSON instead of a table.")
    boolean json;

    @Option(names = "--chart", paramLabel = "FILE", description = "Also draw the report into FILE: .svg or .png.")
    Path chart;

    @Option(names = "--kafka-bootstrap", paramLabel = "HOST:PORT",
            description = "Run against this Kafka cluster instead of an embedded broker.")
    String kafkaBootstrap;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final Map<String, String> env;

    BenchCommand(Map<String, String> env) {
        this.env = env;
    }

    /** The phases in the order {@code all} runs them; the worker and e2e phases measure the configured worker settings. */
    private List<BenchPhase> phases(CourierConfig config) {
        CourierConfig.Worker worker = config.worker();
        return List.of(new IngestPhase(), new WorkerPhase(s -> s.withStreamThreads(worker.streamThreads())
                        .withCommitInterval(worker.commitInterval()).withDedupWindow(worker.dedupWindow())),
                new SinkPhase(), new HistoryPhase(), new EndToEndPhase(env));
    }

    @Override
    public Integer call() throws Exception {
        CourierConfig config = options.load(env);
        List<BenchPhase> chosen = choose(config);
        BenchOptions sizes = new BenchOptions(within("--messages", messages, 1_000, 10_000_000),
                within("--rate", rate, 1, 100_000), within("--seconds", seconds, 1, 3_600));
        if (chart != null && !chart.toString().matches("(?i).*\\.(svg|png)")) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--chart " + chart + ": the file name must end in .svg or .png");
        }
        PrintWriter err = spec.commandLine().getErr();
        EmbeddedKafkaCluster broker = null;
        try (AutoCloseable quiet = QuietClients.warningsOnly()) {
            String bootstrap = kafkaBootstrap;
            if (bootstrap == null) {
                err.println("bench: starting an embedded Kafka broker");
                err.flush();
                broker = EmbeddedKafkaCluster.builder().build().start();
                bootstrap = broker.bootstrapServers();
            }
            Instant started = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            List<PhaseResult> results = new ArrayList<>();
            for (BenchPhase p : chosen) {
                BenchEnvironment benchEnv = new BenchEnvironment(bootstrap, config.database().url(), config.database().user(),
                        config.database().password(), sizes, line -> {
                            err.printf(Locale.ROOT, "bench %s: %s%n", p.name(), line);
                            err.flush();
                        });
                benchEnv.progress().accept(p.description());
                results.add(p.run(benchEnv));
            }
            BenchReport report = new BenchReport(started.toString(), environment(bootstrap, broker != null), results);
            PrintWriter out = spec.commandLine().getOut();
            out.print(json ? report.json() : report.table());
            out.flush();
            if (chart != null) {
                BenchChart.write(report, chart);
                err.println("bench: chart written to " + chart);
            }
            return 0;
        } finally {
            if (broker != null) {
                broker.close();
            }
        }
    }

    private List<BenchPhase> choose(CourierConfig config) {
        List<BenchPhase> all = phases(config);
        if (phase.equals("all")) {
            return all;
        }
        return all.stream().filter(p -> p.name().equals(phase)).findFirst().map(List::of).orElseThrow(() ->
                new CommandLine.ParameterException(spec.commandLine(), "unknown phase '" + phase + "'; the phases are: "
                        + all.stream().map(BenchPhase::name).collect(Collectors.joining(", ")) + ", all"));
    }

    private OptionalInt within(String option, Integer value, int min, int max) {
        if (value == null) {
            return OptionalInt.empty();
        }
        if (value < min || value > max) {
            throw new CommandLine.ParameterException(spec.commandLine(), String.format(Locale.ROOT,
                    "%s %d is out of range: %,d to %,d", option, value, min, max));
        }
        return OptionalInt.of(value);
    }

    private static Map<String, String> environment(String bootstrap, boolean embedded) {
        Map<String, String> e = new LinkedHashMap<>();
        e.put("cores", Integer.toString(Runtime.getRuntime().availableProcessors()));
        e.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        e.put("maxHeap", Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MiB");
        e.put("kafka", embedded ? "embedded single node (" + bootstrap + ")" : bootstrap);
        e.put("loadAverage", loadAverage());
        return e;
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (Exception e) {
            return "unknown";
        }
    }
}
