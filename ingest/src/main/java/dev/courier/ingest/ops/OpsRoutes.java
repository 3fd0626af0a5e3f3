package dev.courier.ingest.ops;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The routes every Courier process serves the same way, with or without the API, so that every component is probed
 * and scraped alike: {@code /health/live}, {@code /health/ready} (200 when every check is ready, else 503, with each
 * check's state by name) and {@code /metrics} (Prometheus text format).
 */
public final class OpsRoutes {

    /** One readiness check: whether it is ready, and what {@code /health/ready} says of it. */
    public record Check(BooleanSupplier ready, Supplier<String> state) {

        /** A check whose state is "ready" or "not ready". */
        public static Check flag(BooleanSupplier ready) {
            return new Check(ready, () -> ready.getAsBoolean() ? "ready" : "not ready");
        }
    }

    private OpsRoutes() {
    }

    public static void register(Javalin app, PrometheusMeterRegistry registry, Map<String, Check> checks) {
        Map<String, Check> ordered = new LinkedHashMap<>(checks); // a copy: the answer lists them in this order
        app.get("/health/live", ctx -> ctx.json(Map.of("status", "live")));
        app.get("/health/ready", ctx -> ready(ctx, ordered));
        app.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(registry.scrape()));
    }

    private static void ready(Context ctx, Map<String, Check> checks) {
        boolean ok = true;
        Map<String, Object> body = new LinkedHashMap<>();
        for (Map.Entry<String, Check> c : checks.entrySet()) {
            ok &= c.getValue().ready().getAsBoolean();
            body.put(c.getKey(), c.getValue().state().get());
        }
        body.put("status", ok ? "ready" : "not ready");
        ctx.status(ok ? 200 : 503).json(body);
    }
}
