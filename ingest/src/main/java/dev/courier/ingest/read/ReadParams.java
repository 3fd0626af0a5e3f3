package dev.courier.ingest.read;

import dev.courier.events.Problem;
import dev.courier.ingest.Params;
import dev.courier.persistence.SearchRepository;
import io.javalin.http.Context;
import java.util.List;

/**
 * The read endpoints' query parameters, checked completely at the edge so one 400 names every bad parameter (the
 * repositories check the same rules again, as a backstop; their problems are mapped by {@link ReadFailures}).
 */
final class ReadParams {

    /** DESIGN §3: a page or a search answers at most 200 messages, 50 by default. */
    static final int MAX_LIMIT = 200;

    record History(Long before, Long after, Integer limit) {
    }

    record Search(String q, Integer limit) {
    }

    private ReadParams() {
    }

    /** {@code before} ≥ 1, {@code after} ≥ 0 and below {@code before}, {@code limit} 1..200; each optional. */
    static History history(Context ctx, List<Problem> problems) {
        Long before = Params.longQuery(ctx, "before", null, 1, Long.MAX_VALUE, problems);
        Long after = Params.longQuery(ctx, "after", null, 0, Long.MAX_VALUE, problems);
        Integer limit = limit(ctx, problems);
        if (before != null && after != null && after >= before) {
            problems.add(new Problem("query.after", "must be less than before (" + before + "), was " + after));
        }
        return new History(before, after, limit);
    }

    /** {@code q} required, not blank, at most {@value SearchRepository#MAX_QUERY_LENGTH} characters; {@code limit}. */
    static Search search(Context ctx, List<Problem> problems) {
        String q = ctx.queryParam("q");
        if (q == null || q.isBlank()) {
            problems.add(new Problem("query.q", "required, the words to search for"));
        } else if (q.length() > SearchRepository.MAX_QUERY_LENGTH) {
            problems.add(new Problem("query.q", q.length() + " characters, over the limit of "
                    + SearchRepository.MAX_QUERY_LENGTH));
        } else if (q.indexOf('\0') >= 0) {
            problems.add(new Problem("query.q", "must not contain NUL characters"));
        }
        return new Search(q, limit(ctx, problems));
    }

    /** Null when absent (the repository's default applies). */
    private static Integer limit(Context ctx, List<Problem> problems) {
        Long limit = Params.longQuery(ctx, "limit", null, 1, MAX_LIMIT, problems);
        return limit == null ? null : limit.intValue();
    }
}
