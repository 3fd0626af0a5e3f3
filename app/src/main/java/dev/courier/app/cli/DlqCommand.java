package dev.courier.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.courier.app.config.CourierConfig;
import dev.courier.events.EventCodec;
import dev.courier.events.Rejected;
import dev.courier.events.Topics;
import dev.courier.ops.dlq.DlqEntry;
import dev.courier.ops.dlq.DlqFilter;
import dev.courier.ops.dlq.DlqReader;
import dev.courier.ops.dlq.DlqRedriver;
import dev.courier.persistence.RecordReapplier;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code courier dlq list|show|replay}: the dead-letter queue, {@code courier.rejected}, read and re-driven. Reasons
 * and whether re-driving helps are in docs/operations.md.
 */
@Command(name = "dlq", mixinStandardHelpOptions = true,
        description = {"The dead-letter queue: every input the worker refused (and every row PostgreSQL refused) is in the "
                + "rejected topic with its reason, its source topic/partition/offset and its raw value.",
                "list and show read it; replay sends inputs back to their .in topic once the cause is fixed (dry run unless --execute)."},
        subcommands = {DlqCommand.ListRejected.class, DlqCommand.Show.class, DlqCommand.Replay.class})
public final class DlqCommand implements Runnable {

    private static final ObjectMapper JSON = new ObjectMapper();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Shared: configuration and the topics it names. */
    abstract static class DlqSubcommand implements Callable<Integer> {
        @Mixin
        ConfigOptions options;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        final Map<String, String> env;
        CourierConfig config;
        Topics topics;

        DlqSubcommand(Map<String, String> env) {
            this.env = env;
        }

        @Override
        public Integer call() throws Exception {
            config = options.load(env);
            QuietClients.apply();
            topics = new Topics(config.kafka().topicPrefix(), new EventCodec(config.limits()));
            return run(spec.commandLine().getOut());
        }

        abstract int run(PrintWriter out) throws Exception;

        DlqReader reader() {
            return new DlqReader(config.kafka().commonClientProperties(), topics.rejected());
        }
    }

    /** {@code courier dlq list}. */
    @Command(name = "list", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"List rejections, oldest first per partition: position (partition:offset), time, reason, chat, "
                    + "source topic:partition:offset, re-drives so far, a one-line detail; then the count per reason."})
    static final class ListRejected extends DlqSubcommand {
        @Mixin
        DlqFilterOptions filters;

        @Option(names = "--json", description = "One JSON object per line (JSON Lines): position, redriveCount and the Rejected fields.")
        boolean json;

        ListRejected(Map<String, String> env) {
            super(env);
        }

        @Override
        int run(PrintWriter out) {
            DlqFilter filter = filters.toFilter(spec.commandLine(), Instant.now());
            Map<String, Long> perReason = new TreeMap<>();
            long[] shown = {0};
            if (!json) {
                out.printf("%-10s %-24s %-19s %-36s %-34s %8s  %s%n", "POSITION", "TIME", "REASON", "CHAT", "SOURCE", "REDRIVES", "DETAIL");
            }
            try (DlqReader reader = reader()) {
                reader.scan(Map.of(), e -> {
                    if (filter.matches(e)) {
                        shown[0]++;
                        perReason.merge(e.rejected().reason().wireName(), 1L, Long::sum);
                        if (json) {
                            out.println(jsonLine(e));
                        } else {
                            Rejected r = e.rejected();
                            out.printf("%-10s %-24s %-19s %-36s %-34s %8d  %s%n", e.position(), r.at(), r.reason().wireName(),
                                    r.key() == null ? "-" : abbreviate(r.key(), 36),
                                    r.sourceTopic() + ":" + r.sourcePartition() + ":" + r.sourceOffset(), e.redriveCount(),
                                    firstLine(r.detail()));
                        }
                    }
                    return filter.limit() == 0 || shown[0] < filter.limit();
                });
            }
            if (!json) {
                out.println();
                out.println(shown[0] + " rejection" + (shown[0] == 1 ? "" : "s") + (perReason.isEmpty() ? "" : ": ")
                        + String.join(", ", perReason.entrySet().stream().map(x -> x.getKey() + " " + x.getValue()).toList()));
            }
            out.flush();
            return 0;
        }
    }

    /** {@code courier dlq show}. */
    @Command(name = "show", mixinStandardHelpOptions = true,
            description = {"Show one rejection whole, its raw value pretty-printed where it is JSON. POSITION is partition:offset "
                    + "as list prints it (an offset alone if the topic has one partition), or use --partition and --offset."})
    static final class Show extends DlqSubcommand {
        @Parameters(arity = "0..1", paramLabel = "POSITION", description = "partition:offset (as `dlq list` prints it)")
        String position;

        @Option(names = "--partition", paramLabel = "P")
        Integer partition;

        @Option(names = "--offset", paramLabel = "O")
        Long offset;

        Show(Map<String, String> env) {
            super(env);
        }

        @Override
        int run(PrintWriter out) throws IOException {
            try (DlqReader reader = reader()) {
                int p;
                long o;
                if (position != null && (partition != null || offset != null)) {
                    throw usage("give POSITION or --partition/--offset, not both");
                } else if (position != null && position.matches("\\d+:\\d+")) {
                    p = Integer.parseInt(position.substring(0, position.indexOf(':')));
                    o = Long.parseLong(position.substring(position.indexOf(':') + 1));
                } else if (position != null && position.matches("\\d+")) {
                    if (reader.partitionCount() != 1) {
                        throw usage("an offset alone is ambiguous: " + topics.rejected().name() + " has " + reader.partitionCount()
                                + " partitions; give partition:offset as `courier dlq list` prints it");
                    }
                    p = 0;
                    o = Long.parseLong(position);
                } else if (position == null && partition != null && offset != null) {
                    p = partition;
                    o = offset;
                } else {
                    throw usage(position == null ? "give a POSITION (partition:offset) or --partition and --offset"
                            : "'" + position + "' is not a position; use partition:offset, e.g. 3:17");
                }
                DlqEntry e;
                try {
                    e = reader.at(p, o).orElseThrow(() -> usage("no rejection at " + p + ":" + o + " in " + topics.rejected().name()));
                } catch (IllegalArgumentException bad) {
                    throw usage(bad.getMessage());
                }
                Rejected r = e.rejected();
                out.println("position:      " + e.position() + " in " + topics.rejected().name());
                out.println("at:            " + r.at());
                out.println("reason:        " + r.reason().wireName());
                out.println("key:           " + (r.key() == null ? "(none)" : r.key()));
                out.println("source:        " + r.sourceTopic() + " partition " + r.sourcePartition() + " offset " + r.sourceOffset());
                out.println("re-driven:     " + e.redriveCount() + " time" + (e.redriveCount() == 1 ? "" : "s") + " before");
                out.println("detail:        " + r.detail());
                out.println("raw value:");
                out.println(pretty(r.rawValue()));
                out.flush();
                return 0;
            }
        }

        private CommandLine.ParameterException usage(String message) {
            return new CommandLine.ParameterException(spec.commandLine(), message);
        }
    }

    /** {@code courier dlq replay}. */
    @Command(name = "replay", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Send rejected inputs back to the .in topic they came from, with their key and a header naming the "
                    + "rejection (courier.redriven-from) and a re-drive count (courier.redrive-count): after you fixed the cause "
                    + "(created the chat, added the member). Dry run unless --execute: it prints what would be sent per reason "
                    + "and source topic.",
                    "It remembers how far it got for the same filters (a consumer group named in the output), so a second run "
                            + "continues; --from-beginning starts over. Re-driving twice adds nothing: message ids dedupe in the worker "
                            + "and the sink's writes are upserts. A record still invalid is rejected again with its count; nothing "
                            + "re-drives by itself.",
                    "Rejections the sink made (rows PostgreSQL refused, from chat-log, receipts or unread) are not sent back (the "
                            + "worker is the only writer of its outputs): --execute re-applies them to PostgreSQL through the sink's "
                            + "writer, after you fixed what the database refused."})
    static final class Replay extends DlqSubcommand {
        @Mixin
        DlqFilterOptions filters;

        @Option(names = "--execute", description = "Send them; without it nothing is sent.")
        boolean execute;

        @Option(names = "--from-beginning", description = "Ignore where the last run with these filters stopped.")
        boolean fromBeginning;

        Replay(Map<String, String> env) {
            super(env);
        }

        @Override
        int run(PrintWriter out) {
            DlqFilter filter = filters.toFilter(spec.commandLine(), Instant.now());
            DlqRedriver redriver = new DlqRedriver(config.kafka().commonClientProperties(), topics);
            PrintWriter err = spec.commandLine().getErr();
            DlqRedriver.Outcome o;
            if (execute) {
                try (RecordReapplier rows = new RecordReapplier(topics, config.kafka().commonClientProperties(),
                        LagCommand.dataSource(config.database(), "courier-dlq"), topics.prefix() + "dlq-reapply")) {
                    o = redriver.execute(filter, fromBeginning, refused -> rows.reapply(refused.stream()
                            .map(e -> new RecordReapplier.Logged(e.rejected().sourceTopic(), e.rejected().sourcePartition(),
                                    e.rejected().sourceOffset(), e.rejected().key(), e.rejected().rawValue())).toList())
                            .refusedAgain(), p -> {
                                err.printf("re-driven %d (%d scanned, %.0f records/s)%n", p.redriven(), p.scanned(), p.perSecond());
                                err.flush();
                            });
                }
            } else {
                o = redriver.plan(filter, fromBeginning);
            }
            out.println((execute ? "re-driven" : "would re-drive (dry run; --execute sends)") + ": " + o.total() + " record"
                    + (o.total() == 1 ? "" : "s"));
            o.redrivable().forEach((what, n) -> out.printf("  %8d  %s%n", n, what));
            if (o.sinkSide() > 0) {
                out.println("  " + o.sinkSide() + " rows PostgreSQL refused: " + (execute ? "re-applied to PostgreSQL, "
                        + o.sinkSideFailed() + " refused again (see dlq list)" : "would be re-applied to PostgreSQL")
                        + "; never written back into the worker's outputs");
            }
            if (o.notRedrivable() > 0) {
                out.println("  " + o.notRedrivable() + " not re-drivable (no value, or a source that is not an .in topic)");
            }
            out.println("progress group: " + o.progressGroup() + (o.resumedFrom().isEmpty() ? " (from the beginning)"
                    : " (continued from " + new TreeMap<>(o.resumedFrom()) + ")"));
            out.flush();
            return 0;
        }
    }

    private static String jsonLine(DlqEntry e) {
        ObjectNode n = JSON.createObjectNode();
        Rejected r = e.rejected();
        n.put("position", e.position()).put("partition", e.partition()).put("offset", e.offset())
                .put("redriveCount", e.redriveCount()).put("at", r.at().toString()).put("reason", r.reason().wireName())
                .put("key", r.key()).put("sourceTopic", r.sourceTopic()).put("sourcePartition", r.sourcePartition())
                .put("sourceOffset", r.sourceOffset()).put("detail", r.detail()).put("rawValue", r.rawValue());
        return n.toString();
    }

    private static String pretty(String raw) {
        if (raw == null) {
            return "(null: a tombstone)";
        }
        try {
            JsonNode node = JSON.readTree(raw);
            return node != null && node.isContainerNode() ? JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node) : raw;
        } catch (IOException notJson) {
            return raw;
        }
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return abbreviate(nl < 0 ? s : s.substring(0, nl), 120);
    }

    private static String abbreviate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 3) + "...";
    }
}
