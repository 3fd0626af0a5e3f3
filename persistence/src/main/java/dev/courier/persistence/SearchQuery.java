package dev.courier.persistence;

import dev.courier.events.Problem;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A search within one chat as asked for. The constructor is where the rules are checked, every broken one reported
 * at once.
 *
 * @param q     web-search syntax, not blank, at most {@value #MAX_QUERY_LENGTH} characters, no NUL
 * @param limit 1..{@value Limits#MAX_LIMIT}
 * @throws InvalidQueryException listing every bad parameter
 */
public record SearchQuery(UUID chatId, String q, long limit) {

    public static final int MAX_QUERY_LENGTH = 256;

    public SearchQuery {
        List<Problem> problems = new ArrayList<>();
        Limits.required(chatId, "chatId", problems);
        if (q == null || q.isBlank()) {
            problems.add(new Problem("q", "required, the words to search for"));
        } else if (q.length() > MAX_QUERY_LENGTH) {
            problems.add(new Problem("q", q.length() + " characters, over the limit of " + MAX_QUERY_LENGTH));
        } else if (q.indexOf('\0') >= 0) {
            problems.add(new Problem("q", "must not contain NUL characters"));
        }
        Limits.limit(limit, problems);
        InvalidQueryException.throwIfAny(problems);
    }

    /** With the default limit ({@value Limits#DEFAULT_LIMIT}) when {@code limit} is null. */
    public static SearchQuery of(UUID chatId, String q, Long limit) {
        return new SearchQuery(chatId, q, limit == null ? Limits.DEFAULT_LIMIT : limit);
    }
}
