package dev.courier.app.cli;

import dev.courier.app.config.Durations;
import dev.courier.events.RejectReason;
import dev.courier.ops.dlq.DlqFilter;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** The filters {@code courier dlq list} and {@code replay} share. */
public final class DlqFilterOptions {

    @Option(names = "--reason", paramLabel = "R", split = ",",
            description = "Only these reasons (repeatable or comma-separated): malformed, unknown_type, unsupported_version, "
                    + "invalid, unknown_chat, chat_exists, not_a_member, duplicate, database.")
    List<String> reasons = new ArrayList<>();

    @Option(names = "--chat", paramLabel = "C", description = "Only rejections of this chat (the record key).")
    String chat;

    @Option(names = "--source-topic", paramLabel = "T", description = "Only inputs rejected from this topic, e.g. courier.chat-events.in.")
    String sourceTopic;

    @Option(names = "--since", paramLabel = "TIME", description = "Only rejections at or after TIME: ISO-8601 (2026-12-01T10:00:00Z) or an age (2h, 7d).")
    String since;

    @Option(names = "--until", paramLabel = "TIME", description = "Only rejections before TIME (same forms as --since).")
    String until;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "0", description = "At most N records (0: all; default ${DEFAULT-VALUE}).")
    int limit;

    DlqFilter toFilter(CommandLine cli, Instant now) {
        Set<RejectReason> parsed = new HashSet<>();
        for (String r : reasons) {
            try {
                parsed.add(RejectReason.fromWire(r.trim()));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(cli, "--reason '" + r + "' is not a reject reason; use one of "
                        + Arrays.stream(RejectReason.values()).map(RejectReason::wireName).collect(Collectors.joining(", ")));
            }
        }
        if (limit < 0) {
            throw new CommandLine.ParameterException(cli, "--limit must be 0 (all) or more, was " + limit);
        }
        Optional<Instant> from = time(cli, "--since", since, now);
        Optional<Instant> to = time(cli, "--until", until, now);
        if (from.isPresent() && to.isPresent() && !from.get().isBefore(to.get())) {
            throw new CommandLine.ParameterException(cli, "--since (" + from.get() + ") must be before --until (" + to.get() + ")");
        }
        return new DlqFilter(parsed, Optional.ofNullable(chat), Optional.ofNullable(sourceTopic), from, to, limit);
    }

    private static Optional<Instant> time(CommandLine cli, String option, String value, Instant now) {
        if (value == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(value));
        } catch (DateTimeParseException e) {
            return Durations.parse(value).map(now::minus).or(() -> {
                throw new CommandLine.ParameterException(cli, option + " '" + value + "' is neither an ISO-8601 time "
                        + "(2026-12-01T10:00:00Z) nor an age (2h, 7d)");
            });
        }
    }
}
