package dev.courier.persistence;

import dev.courier.events.Problem;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A page of a chat's history as asked for: messages with {@code after < seq < before}, at most {@code limit}. The
 * constructor is where the rules are checked (DESIGN §3), every broken one reported at once.
 *
 * @param before exclusive upper bound, at least 1 (null: none)
 * @param after  exclusive lower bound, at least 0 (null: none), less than {@code before}
 * @param limit  1..{@value Limits#MAX_LIMIT}
 * @throws InvalidQueryException listing every bad parameter
 */
public record HistoryQuery(UUID chatId, Long before, Long after, long limit) {

    public HistoryQuery {
        List<Problem> problems = new ArrayList<>();
        Limits.required(chatId, "chatId", problems);
        Limits.limit(limit, problems);
        if (before != null && before < 1) {
            problems.add(new Problem("before", "must be at least 1, was " + before));
        }
        if (after != null && after < 0) {
            problems.add(new Problem("after", "must be at least 0, was " + after));
        }
        if (before != null && after != null && after >= before) {
            problems.add(new Problem("after", "must be less than before (" + before + "), was " + after));
        }
        InvalidQueryException.throwIfAny(problems);
    }

    /** With the default limit ({@value Limits#DEFAULT_LIMIT}) when {@code limit} is null. */
    public static HistoryQuery of(UUID chatId, Long before, Long after, Long limit) {
        return new HistoryQuery(chatId, before, after, limit == null ? Limits.DEFAULT_LIMIT : limit);
    }
}
