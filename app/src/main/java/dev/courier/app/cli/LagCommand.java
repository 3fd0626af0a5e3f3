package dev.courier.app.cli;

import dev.courier.app.config.CourierConfig;
import dev.courier.events.EventCodec;
import dev.courier.events.Topics;
import dev.courier.ops.lag.CourierGroups;
import dev.courier.ops.lag.GroupSpec;
import dev.courier.ops.lag.LagJson;
import dev.courier.ops.lag.LagReport;
import dev.courier.ops.lag.LagReporter;
import dev.courier.ops.lag.LagSampleException;
import dev.courier.ops.lag.LagSampler;
import dev.courier.ops.lag.SinkOffsets;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.postgresql.ds.PGSimpleDataSource;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code courier lag}: consumer lag of Courier's groups (and any named one) in records and seconds, with a status per
 * partition and group by Burrow's rules over a window of samples.
 */
@Command(name = "lag", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
                "Consumer lag of the delivery worker (its Streams application id, on the .in topics), the sink (on chat-log,"
                        + " receipts and unread) and any group named with --group: per partition the committed offset, the end,"
                        + " the lag in records and in seconds (now minus the timestamp of the first record not yet consumed, read"
                        + " from the log; 0 when caught up), and a status; per group the members, totals, worst partition and status.",
                "The end is the last stable offset, what a read_committed consumer can reach. Courier's outputs are written in"
                        + " transactions and each ends with a commit marker, which the plain end offset (kafka-consumer-groups' LOG-END-OFFSET)"
                        + " counts: a caught-up read_committed group shows LAG 1 there and 0 here. Where only markers or aborted"
                        + " records remain, the lag is 0.",
                "For the sink, SINK_OFFSETS shows the offsets stored in PostgreSQL with the rows (the sink's truth); DISAGREES marks a"
                        + " partition where Kafka's committed offset differs by more than writes in flight explain.",
                "Statuses over the window: OK; WARN (consuming, but the lag grew in every interval); REWIND (an offset went back);"
                        + " STALL (members present, offset fixed, lag); STOP (no member, offset fixed, lag); a group with a STALL or STOP"
                        + " partition is ERR. A fixed offset counts only once the oldest unconsumed record is older than the window"
                        + " (at least 10 s). One run takes two samples --window apart (more if --interval is shorter); --watch redraws"
                        + " every --interval over a rolling --window."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every group OK", "1:a group is WARN or REWIND", "2:a group is ERR (a partition STALL or STOP), or bad usage",
                "3:no report: Kafka could not be sampled (as monitoring plugins answer UNKNOWN)"})
public final class LagCommand implements Callable<Integer> {

    private static final Duration ONE_SHOT_WINDOW = Duration.ofMillis(500);
    private static final Duration WATCH_WINDOW = Duration.ofSeconds(60);
    private static final int UNKNOWN = 3;

    @Mixin
    ConfigOptions options;

    @Option(names = "--group", paramLabel = "G", description = "Also report this consumer group (repeatable), e.g. an app reading courier.inbox.")
    List<String> groups = new ArrayList<>();

    @Option(names = "--watch", description = "Keep sampling and redraw the report every --interval.")
    boolean watch;

    @Option(names = "--interval", paramLabel = "DURATION", defaultValue = "5s", converter = DurationConverter.class,
            description = "Time between samples (default ${DEFAULT-VALUE}).")
    Duration interval;

    @Option(names = "--window", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Time the statuses are evaluated over (default 500ms for one run, 60s with --watch).")
    Duration window;

    @Option(names = "--json", description = "Print the report as JSON (the schema of GET /v1/ops/lag; see docs/operations.md).")
    boolean json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final Map<String, String> env;

    LagCommand(Map<String, String> env) {
        this.env = env;
    }

    @Override
    public Integer call() throws InterruptedException {
        Duration w = window != null ? window : watch ? WATCH_WINDOW : ONE_SHOT_WINDOW;
        if (watch && w.compareTo(interval) < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--window (" + w.toMillis() + " ms) must be at least --interval (" + interval.toMillis() + " ms): a status needs two samples");
        }
        CourierConfig config = options.load(env);
        QuietClients.apply();
        Topics topics = new Topics(config.kafka().topicPrefix(), new EventCodec(config.limits()));
        List<GroupSpec> specs = new ArrayList<>(CourierGroups.all(topics));
        groups.stream().filter(g -> specs.stream().noneMatch(s -> s.group().equals(g))).map(GroupSpec::other).forEach(specs::add);
        PrintWriter out = spec.commandLine().getOut();
        try (LagSampler sampler = new LagSampler(config.kafka().commonClientProperties(), Clock.systemUTC())) {
            return run(sampler, specs, w, config, out);
        } catch (LagSampleException e) {
            spec.commandLine().getErr().println("courier lag: " + e.getMessage());
            return UNKNOWN;
        }
    }

    private int run(LagSampler sampler, List<GroupSpec> specs, Duration w, CourierConfig config, PrintWriter out)
            throws InterruptedException {
        LagReporter reporter = new LagReporter(sampler, specs, w, Optional.of(new SinkOffsets(dataSource(config.database(), "courier-lag"))),
                (long) config.sink().batchRows() * config.sink().writers());
        if (!watch) {
            Duration step = interval.compareTo(w) < 0 ? interval : w;
            for (long waited = 0; ; waited += step.toMillis()) {
                reporter.sample();
                if (waited >= w.toMillis()) {
                    break;
                }
                Thread.sleep(step.toMillis());
            }
            LagReport report = reporter.report();
            print(report, out);
            return report.exitCode();
        }
        boolean terminal = System.console() != null;
        while (true) {
            reporter.sample();
            if (terminal && !json) {
                out.print("\033[H\033[2J"); // redraw in place
            }
            print(reporter.report(), out);
            Thread.sleep(interval.toMillis());
        }
    }

    private void print(LagReport report, PrintWriter out) {
        if (json) {
            out.println(new String(LagJson.bytes(report), StandardCharsets.UTF_8));
            out.flush();
        } else {
            LagTable.print(report, out);
        }
    }

    /** For a short-lived command: a connection when needed, failing fast when the database is away. */
    static PGSimpleDataSource dataSource(CourierConfig.Database db, String applicationName) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL(db.url());
        ds.setUser(db.user());
        ds.setPassword(db.password());
        ds.setConnectTimeout(3);
        ds.setSocketTimeout(10);
        ds.setApplicationName(applicationName);
        return ds;
    }
}
