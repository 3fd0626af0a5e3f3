package dev.courier.app.run;

import io.javalin.Javalin;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Health and metrics over HTTP for a process without the ingest API ({@code courier worker}, {@code courier sink}),
 * so that every component can be probed and scraped the same way.
 */
final class OpsServer implements AutoCloseable {

    private final int port;
    private final PrometheusMeterRegistry registry;
    private final BooleanSupplier ready;
    private Javalin app;

    OpsServer(int port, PrometheusMeterRegistry registry, BooleanSupplier ready) {
        this.port = port;
        this.registry = registry;
        this.ready = ready;
    }

    void start() {
        app = Javalin.create(c -> {
            c.showJavalinBanner = false;
            c.startupWatcherEnabled = false;
        });
        app.get("/health/live", ctx -> ctx.json(Map.of("status", "live")));
        app.get("/health/ready", ctx -> {
            boolean ok = ready.getAsBoolean();
            ctx.status(ok ? 200 : 503).json(Map.of("status", ok ? "ready" : "not ready"));
        });
        app.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(registry.scrape()));
        app.start(port);
    }

    int port() {
        return app.port();
    }

    @Override
    public void close() {
        if (app != null) {
            app.stop();
        }
    }
}
