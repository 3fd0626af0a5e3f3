package dev.courier.ingest.read;

import dev.courier.events.Problem;
import dev.courier.ingest.Params;
import dev.courier.persistence.HistoryQuery;
import dev.courier.persistence.InvalidQueryException;
import dev.courier.persistence.SearchQuery;
import io.javalin.http.Context;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The read endpoints' query parameters as the queries they ask for. Numbers are parsed here; the rules (ranges,
 * lengths, limits) are the query records' own, checked once when they are built, and every broken one, path
 * parameters included, comes back in one 400.
 */
final class ReadParams {

    private ReadParams() {
    }

    /** {@code before}, {@code after} and {@code limit}, each optional; null when a rule is broken (in problems). */
    static HistoryQuery history(Context ctx, UUID chatId, List<Problem> problems) {
        Long before = number(ctx, "before", problems);
        Long after = number(ctx, "after", problems);
        Long limit = number(ctx, "limit", problems);
        return checked(problems, () -> HistoryQuery.of(chatId, before, after, limit));
    }

    /** {@code q} (required) and {@code limit}; null when a rule is broken (in problems). */
    static SearchQuery search(Context ctx, UUID chatId, List<Problem> problems) {
        Long limit = number(ctx, "limit", problems);
        return checked(problems, () -> SearchQuery.of(chatId, ctx.queryParam("q"), limit));
    }

    private static Long number(Context ctx, String name, List<Problem> problems) {
        return Params.longQuery(ctx, name, null, Long.MIN_VALUE, Long.MAX_VALUE, problems);
    }

    /** Builds the query; a broken rule goes to problems under the API's name, once per parameter. */
    private static <T> T checked(List<Problem> problems, Supplier<T> query) {
        try {
            return query.get();
        } catch (InvalidQueryException e) {
            Set<String> reported = problems.stream().map(Problem::field).collect(Collectors.toSet());
            e.problems().stream().map(ReadFailures::qualified).filter(p -> !reported.contains(p.field()))
                    .forEach(problems::add);
            return null;
        }
    }
}
