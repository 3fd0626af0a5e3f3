package dev.courier.app.cli;

import dev.courier.app.config.CourierConfig;
import dev.courier.app.config.Durations;
import dev.courier.events.EventCodec;
import dev.courier.events.Topics;
import dev.courier.ops.lag.SinkOffsets;
import dev.courier.ops.replay.ChatDiff;
import dev.courier.ops.replay.ChatHistory;
import dev.courier.ops.replay.OffsetReplay;
import dev.courier.ops.replay.ReplayPlan;
import dev.courier.ops.replay.ReplayRefused;
import dev.courier.ops.replay.ResetTarget;
import dev.courier.persistence.RecordReapplier;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import javax.sql.DataSource;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code courier replay}: with {@code --group}, moves a stopped consumer group's offsets so it reads again (or skips),
 * with the options and meanings of {@code kafka-consumer-groups --reset-offsets}; with {@code --chat}, writes one chat's
 * records to PostgreSQL again. A dry run unless {@code --execute}.
 */
@Command(name = "replay", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Read again: a consumer group's topics from an earlier offset (--group), or one chat's records into "
                + "PostgreSQL (--chat). A dry run unless --execute.",
                "",
                "With --group: move the group's offsets as kafka-consumer-groups --reset-offsets does: the dry run prints, per "
                        + "partition, the current offset, the new one and the records that will be read again. The group must "
                        + "have no active member (refused, naming them). For the sink's group (<prefix>sink) the offsets move in "
                        + "sink_offsets (where the sink starts from; its owner epochs are bumped, so no running instance can "
                        + "write over them) and then in Kafka. The sink's writes are forward-only upserts: re-reading changes no "
                        + "row unless rows were lost, and then restores exactly those. The worker's group is refused: re-reading "
                        + "its .in topics would sequence chats again; to rebuild the database from chat-log, use `courier "
                        + "rebuild` (see docs/operations.md). Under `courier dev`, whose sink always runs, start it as "
                        + "`courier dev --no-sink` first.",
                "",
                "With --chat: the chat's records in chat-log and receipts go through the sink's writer again while the "
                        + "sink runs; the dry run shows, per table, the rows missing or different; --execute writes the "
                        + "missing ones (a row that differs is shown, not overwritten). No other chat is touched."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:planned (dry run) or applied", "2:refused (active group, the worker, a time before the log start, "
                + "a topic the group does not read, a chat without records) or bad usage; nothing changed"})
public final class ReplayCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions options;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Mode mode;

    static final class Mode {
        @ArgGroup(exclusive = false, heading = "%nA consumer group's offsets:%n")
        GroupMode group;

        @ArgGroup(exclusive = false, heading = "%nOne chat's history:%n")
        ChatMode chat;
    }

    static final class GroupMode {
        @Option(names = "--group", paramLabel = "G", required = true, description = "The consumer group, e.g. courier.sink.")
        String group;

        @ArgGroup(exclusive = true, multiplicity = "1")
        Scope scope;

        @ArgGroup(exclusive = true, multiplicity = "1")
        Target target;
    }

    static final class ChatMode {
        @Option(names = "--chat", paramLabel = "C", required = true,
                description = "Write this chat's records from chat-log and receipts to PostgreSQL again (the sink's upserts: "
                        + "only missing rows are written; unread counts are not in these topics: rebuild restores them).")
        UUID chat;

        @Option(names = "--from-seq", paramLabel = "N", defaultValue = "1", description = "From this seq on (default ${DEFAULT-VALUE}).")
        long fromSeq;
    }

    static final class Scope {
        @Option(names = "--topic", paramLabel = "T[:P,P...]", required = true,
                description = "A topic the group reads, optionally only some partitions (repeatable).")
        List<String> topics;

        @Option(names = "--all-topics", required = true, description = "Every topic the group reads.")
        boolean all;
    }

    static final class Target {
        @Option(names = "--to-datetime", paramLabel = "ISO", required = true,
                description = "The first record at or after this time, e.g. 2026-12-02T10:00:00Z.")
        String datetime;

        @Option(names = "--by-duration", paramLabel = "DURATION", required = true,
                description = "The first record at or after now minus this, e.g. PT1H30M, P1DT2H or 90m.")
        String duration;

        @Option(names = "--to-offset", paramLabel = "N", required = true, description = "This offset (clamped to the log).")
        Long offset;

        @Option(names = "--shift-by", paramLabel = "±N", required = true, description = "Move by N records (negative: back).")
        Long shift;

        @Option(names = "--to-earliest", required = true, description = "The log start.")
        boolean earliest;

        @Option(names = "--to-latest", required = true, description = "The end (skip what is not read yet).")
        boolean latest;
    }

    @Option(names = "--execute", description = "Apply the plan; without it nothing changes.")
    boolean execute;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final Map<String, String> env;

    ReplayCommand(Map<String, String> env) {
        this.env = env;
    }

    @Override
    public Integer call() throws Exception {
        CourierConfig config;
        if (mode.chat != null) {
            config = options.load(env);
            QuietClients.apply();
            return replayChat(config, mode.chat);
        }
        GroupMode g = mode.group;
        ResetTarget to = target(g.target);
        Map<String, Set<Integer>> selection = new LinkedHashMap<>();
        if (g.scope.topics != null) {
            for (String t : g.scope.topics) {
                try {
                    Map.Entry<String, Set<Integer>> e = OffsetReplay.topicSelection(t);
                    selection.put(e.getKey(), e.getValue());
                } catch (IllegalArgumentException bad) {
                    throw new CommandLine.ParameterException(spec.commandLine(), "--topic " + bad.getMessage());
                }
            }
        }
        config = options.load(env);
        QuietClients.apply();
        Topics topics = new Topics(config.kafka().topicPrefix(), new EventCodec(config.limits()));
        PrintWriter out = spec.commandLine().getOut();
        try (Admin admin = Admin.create(config.kafka().commonClientProperties())) {
            OffsetReplay replay = new OffsetReplay(admin, topics,
                    Optional.of(new SinkOffsets(LagCommand.dataSource(config.database(), "courier-replay"))), Clock.systemUTC());
            ReplayPlan plan = replay.plan(g.group, selection, to);
            print(plan, out);
            if (execute) {
                replay.execute(plan);
                out.println("applied" + (plan.sink() ? ": sink_offsets and Kafka's committed offsets moved" : "")
                        + "; the group reads from the new offsets when it starts");
            } else {
                out.println("dry run: nothing changed (--execute applies it)");
            }
            out.flush();
            return 0;
        } catch (ReplayRefused refused) {
            spec.commandLine().getErr().println("courier replay: refused: " + refused.getMessage());
            return 2;
        }
    }

    /** {@code --chat}: the chat's records again, through the sink's writer; a dry run shows what would change. */
    private int replayChat(CourierConfig config, ChatMode chat) throws Exception {
        if (chat.fromSeq < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--from-seq must be 1 or more");
        }
        Topics topics = new Topics(config.kafka().topicPrefix(), new EventCodec(config.limits()));
        PrintWriter out = spec.commandLine().getOut();
        DataSource db = LagCommand.dataSource(config.database(), "courier-replay");
        ChatHistory history = ChatHistory.read(config.kafka().commonClientProperties(), topics, chat.chat, chat.fromSeq);
        if (history.chatLog().isEmpty() && history.receipts().isEmpty()) {
            spec.commandLine().getErr().println("courier replay: refused: chat " + chat.chat + " has no records from seq "
                    + chat.fromSeq + " in " + topics.chatLog().name() + " or " + topics.receipts().name());
            return 2;
        }
        out.printf("chat %s from seq %d: %d chat-log and %d receipts records%n", chat.chat, chat.fromSeq,
                history.chatLog().size(), history.receipts().size());
        out.printf("%-18s %8s %8s %10s%n", "TABLE", "IN LOG", "MISSING", "DIFFERENT");
        ChatDiff.of(history, db, chat.chat, chat.fromSeq).forEach((table, t) ->
                out.printf("%-18s %8d %8d %10d%n", table, t.inLog(), t.missing(), t.different()));
        if (!execute) {
            out.println("dry run: nothing changed (--execute writes the missing rows; rows already there, different ones included, "
                    + "stay as they are: the sink never overwrites a message)");
            out.flush();
            return 0;
        }
        List<ChatHistory.Entry> all = new ArrayList<>(history.chatLog());
        all.addAll(history.receipts());
        try (RecordReapplier writer = new RecordReapplier(topics, config.kafka().commonClientProperties(), db,
                topics.prefix() + "replay-chat")) {
            RecordReapplier.Outcome o = writer.reapply(all.stream().map(e ->
                    new RecordReapplier.Logged(e.topic(), e.partition(), e.offset(), e.key(), e.rawValue())).toList());
            out.println("written again: " + o.written() + " records" + (o.refusedAgain() > 0
                    ? ", " + o.refusedAgain() + " refused (in rejected: courier dlq list --reason database)" : ""));
        }
        out.flush();
        return 0;
    }

    private ResetTarget target(Target target) {
        if (target.datetime != null) {
            try {
                return new ResetTarget.ToDatetime(Instant.parse(target.datetime));
            } catch (DateTimeParseException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--to-datetime '" + target.datetime
                        + "' is not an ISO-8601 UTC time, e.g. 2026-12-02T10:00:00Z");
            }
        }
        if (target.duration != null) {
            return new ResetTarget.ByDuration(Durations.parse(target.duration).filter(d -> !d.isNegative() && !d.isZero())
                    .orElseThrow(() -> new CommandLine.ParameterException(spec.commandLine(), "--by-duration '"
                            + target.duration + "' is not a positive duration, e.g. PT1H30M or 90m")));
        }
        if (target.offset != null) {
            if (target.offset < 0) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--to-offset must not be negative");
            }
            return new ResetTarget.ToOffset(target.offset);
        }
        if (target.shift != null) {
            return new ResetTarget.ShiftBy(target.shift);
        }
        return target.earliest ? new ResetTarget.ToEarliest() : new ResetTarget.ToLatest();
    }

    private static void print(ReplayPlan plan, PrintWriter out) {
        out.printf("%s: %s%n", plan.group(), plan.sink() ? "the sink's group (current = sink_offsets)" : "a consumer group");
        out.printf("%-34s %5s %12s %12s %12s%n", "TOPIC", "PART", "CURRENT", "NEW", "RE-READ");
        List<ReplayPlan.Partition> rows = new ArrayList<>(plan.partitions());
        for (ReplayPlan.Partition p : rows) {
            out.printf("%-34s %5d %12s %12d %12d%n", p.tp().topic(), p.tp().partition(), p.current() < 0 ? "-" : p.current(),
                    p.target(), p.reread());
        }
        out.printf("%d record(s) to read again%s%n", plan.reread(), plan.sink()
                ? "; the sink's writes are forward-only upserts: re-reading changes no row unless rows were lost" : "");
    }
}
