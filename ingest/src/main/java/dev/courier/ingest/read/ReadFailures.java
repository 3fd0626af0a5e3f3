package dev.courier.ingest.read;

import dev.courier.events.Problem;
import dev.courier.ingest.ApiProblem;
import dev.courier.persistence.InvalidQueryException;
import dev.courier.persistence.PersistenceException;
import io.javalin.http.Context;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The read API's answers for what the repositories throw. */
final class ReadFailures {

    private static final Logger LOG = LoggerFactory.getLogger(ReadFailures.class);
    /** Long enough for a pool connection timeout or a database restart to pass; clients add jitter. */
    static final int RETRY_AFTER_SECONDS = 2;
    private static final Set<String> PATH_PARAMETERS = Set.of("chatId", "messageId", "userId");

    private ReadFailures() {
    }

    static ApiProblem noSuchMessage(UUID chatId, UUID messageId) {
        return ApiProblem.notFound("chat " + chatId + " has no message " + messageId);
    }

    /**
     * 400 for {@link InvalidQueryException} (fields named as {@code Params} names them); 503 with {@code Retry-After}
     * for a retriable {@link PersistenceException}, 500 for another one (the detail never carries SQL: it is logged);
     * anything else unchanged.
     */
    static RuntimeException translate(Context ctx, RuntimeException e) {
        if (e instanceof InvalidQueryException invalid) {
            return ApiProblem.invalidFields(invalid.problems().stream().map(ReadFailures::qualified).toList());
        }
        if (e instanceof PersistenceException failed) {
            if (failed.retriable()) {
                LOG.warn("{} {}: database unavailable: {}", ctx.method(), ctx.path(), failed.getMessage());
                return ApiProblem.unavailable("the database is unavailable; retry later", RETRY_AFTER_SECONDS);
            }
            LOG.error("{} {}: database error", ctx.method(), ctx.path(), failed);
            return new ApiProblem(500, "database_error", "Internal server error",
                    "the query failed in the database; it has been logged", List.of(), Map.of());
        }
        return e;
    }

    /** A repository's or query's problem under the API's name: {@code path.chatId}, {@code query.limit}. */
    static Problem qualified(Problem p) {
        String prefix = PATH_PARAMETERS.contains(p.field()) ? "path." : "query.";
        return new Problem(prefix + p.field(), p.message());
    }
}
