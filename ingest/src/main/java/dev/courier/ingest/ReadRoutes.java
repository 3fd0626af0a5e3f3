package dev.courier.ingest;

/**
 * The read side of the HTTP API (history, search, receipts, unread, ops lag), plugged into {@link IngestServer}
 * without touching it. {@link #register} is called once while the server is built; the routes get the same
 * authentication, scope checks, problem+json errors and request metrics as the write routes.
 *
 * <pre>{@code
 * ReadRoutes history = routes -> routes.get("/v1/chats/{chatId}/messages", Scope.READ, ctx -> {
 *     List<Problem> problems = new ArrayList<>();
 *     UUID chatId = Params.pathUuid(ctx, "chatId", problems);
 *     int limit = Params.intQuery(ctx, "limit", 50, 1, 200, problems);
 *     Params.failIfAny(problems);                  // 400 naming every bad parameter
 *     ctx.json(repository.page(chatId, limit));    // dates as ISO-8601 strings
 * });
 * }</pre>
 */
@FunctionalInterface
public interface ReadRoutes {

    void register(RouteRegistrar routes);

    /**
     * The OpenAPI 3.1 description of these routes, merged into {@code /openapi.json}: a JSON object with
     * {@code paths} and optionally {@code components} (whose {@code schemas}, {@code parameters} and {@code responses}
     * are merged). Every registered route must be described (a test checks it). Null when there are no routes.
     */
    default String openApi() {
        return null;
    }

    /** No read routes. */
    static ReadRoutes none() {
        return routes -> { };
    }

    /** What a {@link ReadRoutes} may register routes with. */
    interface RouteRegistrar {

        /**
         * A GET route; {@code path} must start with {@code /v1/} (so it requires a key) and may hold
         * {@code {name}} parameters. The handler may throw {@link ApiProblem}; other exceptions answer 500.
         */
        void get(String path, Scope scope, io.javalin.http.Handler handler);
    }
}
