package dev.courier.app.cli;

import dev.courier.app.config.CourierConfig;
import dev.courier.events.EventCodec;
import dev.courier.events.Topics;
import dev.courier.ops.lag.CourierGroups;
import dev.courier.ops.rebuild.TableChecksums;
import dev.courier.ops.replay.GroupMembers;
import dev.courier.persistence.SinkRebuild;
import dev.courier.persistence.SinkSettings;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import org.postgresql.ds.PGSimpleDataSource;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code courier rebuild}: PostgreSQL rebuilt from the log (DESIGN §2 invariant 6), with checksums before and after.
 */
@Command(name = "rebuild", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Rebuild the tables the pipeline derives from its topics (chats, chat_participants, messages, "
                + "receipt_log, unread_messages): checksums first; then, in one transaction, empty them and the sink's "
                + "sink_offsets; then read chat-log, receipts and unread from their earliest offsets through the sink's own "
                + "writer in large batches (progress per topic on stderr); then checksums again, side by side.",
                "Unread counts whose records the unread topic's time retention has deleted are recomputed from messages and "
                        + "the watermarks by DESIGN §2 invariant 5, so they come out the same.",
                "The sink must be stopped (its group must have no member): stop `courier sink`, or run `courier dev --no-sink`. "
                        + "Refused while attachments or reactions reference messages (they are not in the log). Dry run unless "
                        + "--execute. The sink continues from where the rebuild ended."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:dry run, or rebuilt with every checksum equal", "1:rebuilt, but a checksum differs",
                "2:refused (the sink is running, rows reference messages) or bad usage; nothing changed"})
public final class RebuildCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions options;

    @Option(names = "--execute", description = "Rebuild; without it only the checksums and the plan are printed.")
    boolean execute;

    @Option(names = "--batch-rows", paramLabel = "N", defaultValue = "20000",
            description = "Records per transaction while re-reading (default ${DEFAULT-VALUE}).")
    int batchRows;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final Map<String, String> env;

    RebuildCommand(Map<String, String> env) {
        this.env = env;
    }

    @Override
    public Integer call() throws Exception {
        if (batchRows < 1 || batchRows > SinkSettings.MAX_BATCH_ROWS) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--batch-rows must be 1.." + SinkSettings.MAX_BATCH_ROWS);
        }
        CourierConfig config = options.load(env);
        QuietClients.apply();
        Topics topics = new Topics(config.kafka().topicPrefix(), new EventCodec(config.limits()));
        String group = CourierGroups.sink(topics);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        PGSimpleDataSource db = LagCommand.dataSource(config.database(), "courier-rebuild");
        db.setSocketTimeout(0); // a batch of --batch-rows rows, or the unread recompute over every chat, may take minutes
        SinkRebuild rebuild = new SinkRebuild(topics, config.kafka().commonClientProperties(), db, group, batchRows,
                config.sink().writers());
        try (Admin admin = Admin.create(config.kafka().commonClientProperties())) {
            List<String> members = GroupMembers.of(admin, group);
            if (!members.isEmpty()) {
                err.println("courier rebuild: refused: the sink is running (" + group + ": " + String.join(", ", members)
                        + "); stop it first (with courier dev: restart it as `courier dev --no-sink`)");
                return 2;
            }
        }
        long referencing = rebuild.rowsReferencingMessages();
        if (referencing > 0) {
            err.println("courier rebuild: refused: " + referencing + " attachment or reaction rows reference messages and are "
                    + "not in the log; a rebuild would delete them");
            return 2;
        }
        Map<String, TableChecksums.Sum> before = TableChecksums.of(db);
        if (!execute) {
            out.println("dry run (--execute rebuilds): the tables and their checksums now");
            before.forEach((t, s) -> out.printf("  %-18s %10d rows  %s%n", t, s.rows(), s.md5()));
            out.flush();
            return 0;
        }
        rebuild.run(p -> {
            double fraction = p.offsetsTotal() == 0 ? 1 : (double) p.offsetsRead() / p.offsetsTotal();
            err.printf(Locale.ROOT, "%s: %d of %d offsets (%.0f%%), %d records, %.0f records/s, ETA %.0f s%n", p.topic(),
                    p.offsetsRead(), p.offsetsTotal(), 100 * fraction, p.records(), p.recordsPerSecond(),
                    p.records() * (1 - fraction) / Math.max(fraction, 1e-9) / Math.max(p.recordsPerSecond(), 1));
            err.flush();
        });
        Map<String, TableChecksums.Sum> after = TableChecksums.of(db);
        boolean same = true;
        out.printf("%-18s %10s %10s  %-32s  %-32s%n", "TABLE", "ROWS", "AFTER", "CHECKSUM BEFORE", "CHECKSUM AFTER");
        for (String t : before.keySet()) {
            TableChecksums.Sum b = before.get(t);
            TableChecksums.Sum a = after.get(t);
            boolean equal = b.equals(a);
            same &= equal;
            out.printf("%-18s %10d %10d  %-32s  %-32s%s%n", t, b.rows(), a.rows(), b.md5(), a.md5(), equal ? "" : "  DIFFERS");
        }
        out.println(same ? "rebuilt: every table equal" : "rebuilt, but some tables differ (see above)");
        out.flush();
        return same ? 0 : 1;
    }
}
