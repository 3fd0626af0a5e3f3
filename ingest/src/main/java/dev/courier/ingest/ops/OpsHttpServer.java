package dev.courier.ingest.ops;

import io.javalin.Javalin;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Map;

/**
 * The HTTP server of a process without the API ({@code courier worker}, {@code courier sink}): only {@link OpsRoutes},
 * so that every component can be probed and scraped the same way.
 */
public final class OpsHttpServer implements AutoCloseable {

    private final int port;
    private final PrometheusMeterRegistry registry;
    private final Map<String, OpsRoutes.Check> checks;
    private Javalin app;
    private StatusHistory status;

    public OpsHttpServer(int port, PrometheusMeterRegistry registry, Map<String, OpsRoutes.Check> checks) {
        this.port = port;
        this.registry = registry;
        this.checks = checks;
    }

    public void start() {
        app = Javalin.create(c -> {
            c.showJavalinBanner = false;
            c.startupWatcherEnabled = false;
        });
        status = new StatusHistory(registry);
        OpsRoutes.register(app, registry, checks, status);
        app.start(port);
        status.start();
    }

    public int port() {
        return app.port();
    }

    @Override
    public void close() {
        if (app != null) {
            app.stop();
        }
        if (status != null) {
            status.close();
        }
    }
}
