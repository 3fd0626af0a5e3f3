package dev.courier.ingest.read;

import dev.courier.ingest.internal.JsonAnswers;
import dev.courier.events.Problem;
import dev.courier.ingest.Params;
import dev.courier.ingest.Scope;
import dev.courier.persistence.HistoryPage;
import dev.courier.persistence.HistoryQuery;
import dev.courier.persistence.HistoryRepository;
import dev.courier.persistence.MessageReceipts;
import dev.courier.persistence.ReceiptsRepository;
import dev.courier.persistence.SearchQuery;
import dev.courier.persistence.SearchRepository;
import dev.courier.persistence.StoredMessage;
import dev.courier.persistence.UnreadRepository;
import dev.courier.persistence.UnreadSummary;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The read side of the HTTP API (DESIGN §3), scope {@code read}: history pages, search within a chat, a message's
 * receipts and a user's unread counts, over the persistence repositories.
 *
 * <pre>{@code
 * HikariDataSource pool = DatabasePool.create(url, user, password, 8, registry);   // metrics in the same registry
 * IngestServer server = new IngestServer(settings, topics, kafkaProps, registry, Optional.of(new ReadApi(pool)));
 * }</pre>
 *
 * Bad parameters answer 400 listing every bad one ({@code path.<name>} / {@code query.<name>}); a database that is
 * unavailable answers 503 with {@code Retry-After}, any other database failure 500 (the SQL error is logged, never
 * sent).
 */
public final class ReadApi {

    static final String HISTORY = "/v1/chats/{chatId}/messages";
    static final String SEARCH = "/v1/chats/{chatId}/messages/search";
    static final String RECEIPTS = "/v1/chats/{chatId}/messages/{messageId}/receipts";
    static final String UNREAD = "/v1/users/{userId}/unread";

    private final HistoryRepository history;
    private final SearchRepository search;
    private final ReceiptsRepository receipts;
    private final UnreadRepository unread;

    /** Over one pool (its size bounds the concurrent queries; see docs/benchmarks-journal.md for the choice). */
    public ReadApi(DataSource dataSource) {
        this(new HistoryRepository(dataSource), new SearchRepository(dataSource), new ReceiptsRepository(dataSource),
                new UnreadRepository(dataSource));
    }

    public ReadApi(HistoryRepository history, SearchRepository search, ReceiptsRepository receipts,
                   UnreadRepository unread) {
        this.history = Objects.requireNonNull(history, "history");
        this.search = Objects.requireNonNull(search, "search");
        this.receipts = Objects.requireNonNull(receipts, "receipts");
        this.unread = Objects.requireNonNull(unread, "unread");
    }

    /**
     * Adds the read routes to {@code app}, scope {@code read}: the server's access manager, problem+json errors and
     * request metrics apply to them as to every route.
     */
    public void register(Javalin app) {
        // Javalin matches by segment count first: .../messages/search (4 segments after /v1) never meets
        // .../messages/{messageId}/receipts (5); a messageId of "search" is a 400 on the receipts route.
        app.get(HISTORY, guarded(this::history), Scope.READ);
        app.get(SEARCH, guarded(this::search), Scope.READ);
        app.get(RECEIPTS, guarded(this::receipts), Scope.READ);
        app.get(UNREAD, guarded(this::unread), Scope.READ);
    }

    /** The OpenAPI description of these routes, merged into {@code /openapi.json}. */
    public String openApi() {
        return ReadOpenApi.fragment();
    }

    private void history(Context ctx) {
        List<Problem> problems = new ArrayList<>();
        UUID chatId = Params.pathUuid(ctx, "chatId", problems);
        HistoryQuery query = ReadParams.history(ctx, chatId, problems);
        Params.failIfAny(problems);
        HistoryPage page = history.page(query);
        JsonAnswers.send(ctx, ReadJson.page(page));
    }

    private void search(Context ctx) {
        List<Problem> problems = new ArrayList<>();
        UUID chatId = Params.pathUuid(ctx, "chatId", problems);
        SearchQuery query = ReadParams.search(ctx, chatId, problems);
        Params.failIfAny(problems);
        List<StoredMessage> found = search.search(query);
        JsonAnswers.send(ctx, ReadJson.messages(found));
    }

    private void receipts(Context ctx) {
        List<Problem> problems = new ArrayList<>();
        UUID chatId = Params.pathUuid(ctx, "chatId", problems);
        UUID messageId = Params.pathUuid(ctx, "messageId", problems);
        Params.failIfAny(problems);
        MessageReceipts found = receipts.receipts(chatId, messageId)
                .orElseThrow(() -> ReadFailures.noSuchMessage(chatId, messageId));
        JsonAnswers.send(ctx, ReadJson.receipts(found));
    }

    private void unread(Context ctx) {
        List<Problem> problems = new ArrayList<>();
        UUID userId = Params.pathUuid(ctx, "userId", problems);
        Params.failIfAny(problems);
        UnreadSummary summary = unread.unread(userId);
        JsonAnswers.send(ctx, ReadJson.unread(summary));
    }

    /** Turns the repositories' exceptions into problem answers. */
    private static Handler guarded(Handler handler) {
        return ctx -> {
            try {
                handler.handle(ctx);
            } catch (RuntimeException e) {
                throw ReadFailures.translate(ctx, e);
            }
        };
    }
}
