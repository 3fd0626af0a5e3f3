package dev.courier.ingest.ops;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.NotFoundResponse;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.LinkedHashMap;
import java.util.Properties;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The routes every Courier process serves the same way, with or without the API, so that every component is probed
 * and scraped alike: {@code /health/live}, {@code /health/ready} (200 when every check is ready, else 503, with each
 * check's state by name), {@code /metrics} (Prometheus text format), and a status page at {@code /}: the checks and
 * {@link StatusHistory}'s charts, drawn by uPlot from the jar, so a process shows how it is doing without a Prometheus.
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

    public static void register(Javalin app, PrometheusMeterRegistry registry, Map<String, Check> checks,
                                StatusHistory status) {
        Map<String, Check> ordered = new LinkedHashMap<>(checks); // a copy: the answer lists them in this order
        app.get("/health/live", ctx -> ctx.json(Map.of("status", "live")));
        app.get("/health/ready", ctx -> ready(ctx, ordered));
        app.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(registry.scrape()));
        byte[] page = resource(OpsRoutes.class.getResource("status.html"));
        String uplot = "/META-INF/resources/webjars/uplot/" + webjarVersion("uplot") + "/dist/";
        Map<String, byte[]> lib = Map.of(
                "uPlot.iife.min.js", resource(OpsRoutes.class.getResource(uplot + "uPlot.iife.min.js")),
                "uPlot.min.css", resource(OpsRoutes.class.getResource(uplot + "uPlot.min.css")));
        app.get("/", ctx -> ctx.contentType("text/html; charset=utf-8").result(page));
        app.get("/status/series", ctx -> {
            Map<String, Object> body = new LinkedHashMap<>();
            Map<String, Object> states = new LinkedHashMap<>();
            ordered.forEach((name, c) -> states.put(name, Map.of("ready", c.ready().getAsBoolean(), "state", c.state().get())));
            body.put("checks", states);
            body.putAll(status.series());
            ctx.json(body);
        });
        app.get("/status/lib/{file}", ctx -> {
            String file = ctx.pathParam("file");
            byte[] body = lib.get(file);
            if (body == null) {
                throw new NotFoundResponse("no file " + file + " in the status page's library");
            }
            ctx.contentType(file.endsWith(".js") ? "text/javascript" : "text/css")
                    .header("Cache-Control", "max-age=86400").result(body);
        });
    }

    /**
     * Whether a route is one probes, scrapers and the status page poll: not timed as an API request, since a series
     * per route and status of these would fill a scrape with what the scrapers themselves did.
     */
    public static boolean isPolled(String route) {
        return route.equals("/") || route.equals("/metrics") || route.startsWith("/health/") || route.startsWith("/status/");
    }

    /** The version of a webjar on the class path, from the pom.properties Maven packs into it. */
    private static String webjarVersion(String artifact) {
        Properties p = new Properties();
        try (InputStream in = OpsRoutes.class.getResourceAsStream("/META-INF/maven/org.webjars.npm/" + artifact + "/pom.properties")) {
            if (in == null) {
                throw new IllegalStateException("the " + artifact + " webjar is not on the class path");
            }
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p.getProperty("version");
    }

    private static byte[] resource(URL url) {
        if (url == null) {
            throw new IllegalStateException("a status page resource is missing from the jar");
        }
        try (InputStream in = url.openStream()) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
