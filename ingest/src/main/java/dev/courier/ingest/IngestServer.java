package dev.courier.ingest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.courier.events.EventCodec;
import dev.courier.events.Topics;
import dev.courier.ingest.internal.Authenticator;
import dev.courier.ingest.internal.IngestMetrics;
import dev.courier.ingest.internal.JettyProblems;
import dev.courier.ingest.internal.KafkaClients;
import dev.courier.ingest.internal.KafkaReadiness;
import dev.courier.ingest.internal.OpenApiDocument;
import dev.courier.ingest.internal.ProblemResponses;
import dev.courier.ingest.internal.Readiness;
import dev.courier.ingest.ops.OpsRoutes;
import dev.courier.ingest.ops.StatusHistory;
import dev.courier.ingest.read.ReadApi;
import dev.courier.ingest.write.JsonBodies;
import dev.courier.ingest.write.Publisher;
import dev.courier.ingest.write.WriteRequests;
import dev.courier.ingest.write.WriteRoutes;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.json.JavalinJackson;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP ingest gateway (DESIGN §3): the write endpoints, publishing to {@code chat-events.in} and
 * {@code receipts.in}; {@code /health/live}, {@code /health/ready}, {@code /metrics}, {@code /openapi.json}; and,
 * when it is given one, the {@link ReadApi}. Everything under {@code /v1} needs an API key.
 *
 * <pre>{@code
 * IngestServer server = new IngestServer(settings, topics, Map.of("bootstrap.servers", "127.0.0.1:9092"),
 *         new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), Optional.of(new ReadApi(pool)));
 * server.start();   // binds settings.port() (0: a free port, see port())
 * ...
 * server.stop();    // stops HTTP, then flushes and closes the producer
 * }</pre>
 */
public final class IngestServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(IngestServer.class);
    private static final String ROUTE = "courier.route";

    private final IngestSettings settings;
    private final Topics topics;
    private final Supplier<Producer<String, byte[]>> producers;
    private final Supplier<Readiness> readinessProbes;
    private final PrometheusMeterRegistry registry;
    private final Optional<ReadApi> readApi;
    private final ObjectMapper mapper = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .build();
    private final Set<String> routes = new ConcurrentSkipListSet<>();

    private final Map<String, BooleanSupplier> components = new LinkedHashMap<>();
    private Supplier<Optional<byte[]>> lagReport = Optional::empty;

    private Producer<String, byte[]> producer;
    private KafkaClientMetrics producerMetrics;
    private StatusHistory status;
    private Readiness readiness;
    private Javalin app;
    private OpenApiDocument openApi;
    private boolean started;

    /** A gateway without the read API. */
    public IngestServer(IngestSettings settings, Topics topics, Map<String, ?> kafkaProperties,
                        PrometheusMeterRegistry registry) {
        this(settings, topics, kafkaProperties, registry, Optional.empty());
    }

    /**
     * @param kafkaProperties Kafka client properties: {@code bootstrap.servers} and any security or tuning settings
     *                        ({@code COURIER_KAFKA_PROP_*}); acks, idempotence and the timeouts are ingest's own (see
     *                        {@link KafkaClients#producerConfig})
     * @param registry        where the gateway's, the producer's and the HTTP meters go; served at {@code /metrics}
     * @param readApi         the read endpoints, if this gateway serves them (they need PostgreSQL)
     */
    public IngestServer(IngestSettings settings, Topics topics, Map<String, ?> kafkaProperties,
                        PrometheusMeterRegistry registry, Optional<ReadApi> readApi) {
        this(settings, topics,
                producerFactory(KafkaClients.producerConfig(kafkaProperties, settings.publishTimeout())),
                readinessFactory(KafkaClients.adminConfig(kafkaProperties, settings.healthCheckInterval()), settings),
                registry, readApi);
    }

    /** For tests: a given producer (e.g. a {@code MockProducer}) and readiness probe. */
    IngestServer(IngestSettings settings, Topics topics, Supplier<Producer<String, byte[]>> producers,
                 Supplier<Readiness> readinessProbes, PrometheusMeterRegistry registry, Optional<ReadApi> readApi) {
        this.settings = settings;
        this.topics = topics;
        this.producers = producers;
        this.readinessProbes = readinessProbes;
        this.registry = registry;
        this.readApi = readApi;
    }

    private static Supplier<Producer<String, byte[]>> producerFactory(Map<String, Object> config) {
        return () -> new KafkaProducer<>(config);
    }

    private static Supplier<Readiness> readinessFactory(Map<String, Object> config, IngestSettings settings) {
        return () -> new KafkaReadiness(Admin.create(config), settings.healthCheckInterval());
    }

    /**
     * Makes {@code /health/ready} also depend on another component of this process (the worker or the sink when they run
     * here too), so one probe answers for the process. Call before {@link #start()}.
     */
    public synchronized IngestServer alsoReadyWhen(String component, BooleanSupplier ready) {
        if (started) {
            throw new IllegalStateException("readiness checks are added before start()");
        }
        components.put(component, ready);
        return this;
    }

    /**
     * What {@code GET /v1/ops/lag} answers: the JSON of the process's latest consumer lag report, empty until the
     * first sample (503 then). Call before {@link #start()}.
     */
    public synchronized IngestServer serveLagReport(Supplier<Optional<byte[]>> report) {
        if (started) {
            throw new IllegalStateException("the lag report is set before start()");
        }
        this.lagReport = report;
        return this;
    }

    /** Creates the producer, starts the readiness probe and binds the HTTP port. Call once. */
    public synchronized void start() {
        if (started) {
            throw new IllegalStateException("the ingest server was already started");
        }
        started = true;
        IngestMetrics metrics = new IngestMetrics(registry);
        producer = producers.get();
        producerMetrics = new KafkaClientMetrics(producer);
        producerMetrics.bindTo(registry);
        readiness = readinessProbes.get();
        readiness.start();
        openApi = new OpenApiDocument(mapper, readApi.map(ReadApi::openApi).orElse(null));

        ProblemResponses problems = new ProblemResponses(mapper, metrics);
        Authenticator auth = new Authenticator(settings.apiKeys());
        QueuedThreadPool threads = new QueuedThreadPool(200, 8, 60_000);
        threads.setName("courier-ingest-http");
        WriteRoutes writes = new WriteRoutes(
                new WriteRequests(new EventCodec(settings.limits()), topics, settings.maxBatchItems()),
                new JsonBodies(), new Publisher(producer, settings.publishTimeout(), metrics), problems, metrics,
                mapper, threads, settings.publishTimeout(), settings.limits().maxContentBytes(), settings.maxBatchItems());

        app = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.startupWatcherEnabled = false;
            config.jetty.threadPool = threads;
            config.jsonMapper(new JavalinJackson(mapper, false));
            config.http.maxRequestSize = writes.maxBodyBytes();
            config.http.prefer405over404 = true;
            config.http.disableCompression();
            config.jetty.modifyServer(server -> server.setErrorHandler(new JettyProblems()));
            config.jetty.modifyServletContextHandler(handler -> handler.setErrorHandler(new JettyProblems()));
            config.events.handlerAdded(h -> {
                if (h.getHttpMethod().isHttpMethod()) {
                    routes.add(h.getHttpMethod().name() + " " + h.getPath());
                }
            });
            config.requestLogger.http((ctx, ms) -> {
                String route = route(ctx);
                if (!OpsRoutes.isPolled(route)) {
                    metrics.request(ctx.method().name(), route, ctx.statusCode(), (long) (ms * 1_000_000));
                }
            });
        });
        app.beforeMatched(ctx -> {
            ctx.attribute(ROUTE, ctx.endpointHandlerPath());
            auth.authorize(ctx);
        });
        app.exception(ApiProblem.class, (e, ctx) -> problems.render(ctx, e));
        app.exception(HttpResponseException.class, (e, ctx) -> {
            if (ctx.path().startsWith("/v1/")) {
                try {
                    auth.authenticate(ctx); // nothing under /v1 is open, not even its 404s
                } catch (ApiProblem unauthorized) {
                    problems.render(ctx, unauthorized);
                    return;
                }
            }
            problems.render(ctx, fromJavalin(e, ctx));
        });
        app.exception(Exception.class, (e, ctx) -> {
            LOG.error("unexpected error on {} {}", ctx.method(), ctx.path(), e);
            problems.render(ctx, new ApiProblem(500, "internal_error", "Internal server error",
                    "an unexpected error occurred; it has been logged", List.of(), Map.of()));
        });
        Map<String, OpsRoutes.Check> checks = new LinkedHashMap<>();
        Readiness kafka = readiness;
        checks.put("kafka", new OpsRoutes.Check(kafka::ready, kafka::detail));
        components.forEach((name, ready) -> checks.put(name, OpsRoutes.Check.flag(ready)));
        status = new StatusHistory(registry);
        OpsRoutes.register(app, registry, checks, status);
        app.get("/openapi.json", ctx -> ctx.contentType("application/json").result(openApi.bytes()));
        Supplier<Optional<byte[]>> lag = lagReport;
        app.get("/v1/ops/lag", ctx -> ctx.contentType("application/json").result(lag.get().orElseThrow(() ->
                ApiProblem.unavailable("no consumer lag sample yet (the first is taken at start, then every few seconds)", 5))),
                Scope.ADMIN);
        writes.register(app);
        readApi.ifPresent(api -> api.register(app));
        app.start(settings.host(), settings.port());
        status.start();
        LOG.info("ingest listening on {}:{} ({}; publish timeout {} ms; batches of up to {}; topics {} and {})",
                settings.host(), app.port(), settings.apiKeys(), settings.publishTimeout().toMillis(),
                settings.maxBatchItems(), topics.chatEventsIn().name(), topics.receiptsIn().name());
    }

    /** The matched route template (never the raw path: that would let clients mint metric series). */
    private static String route(Context ctx) {
        String route = ctx.attribute(ROUTE);
        return route == null ? "unmatched" : route;
    }

    private static ApiProblem fromJavalin(HttpResponseException e, Context ctx) {
        return switch (e.getStatus()) {
            case 404 -> ApiProblem.notFound("no endpoint " + ctx.method() + " " + ctx.path());
            case 405 -> new ApiProblem(405, "method_not_allowed", "Method not allowed",
                    ctx.method() + " is not allowed on " + ctx.path(), List.of(), Map.of());
            case 413 -> new ApiProblem(413, "body_too_large", "Content too large", e.getMessage(), List.of(), Map.of());
            default -> new ApiProblem(e.getStatus(), "http_" + e.getStatus(), e.getMessage(), e.getMessage(), List.of(), Map.of());
        };
    }

    /** The bound port (the actual one when {@link IngestSettings#port()} is 0). */
    public int port() {
        if (app == null) {
            throw new IllegalStateException("the ingest server is not started");
        }
        return app.port();
    }

    /** Stops accepting requests, then flushes and closes the producer and the readiness probe. Idempotent. */
    public synchronized void stop() {
        if (app != null) {
            app.stop();
            app = null;
        }
        if (status != null) {
            status.close();
            status = null;
        }
        if (producer != null) {
            producer.close(settings.publishTimeout());
            producer = null;
        }
        if (producerMetrics != null) {
            producerMetrics.close();
            producerMetrics = null;
        }
        if (readiness != null) {
            readiness.close();
            readiness = null;
        }
    }

    @Override
    public void close() {
        stop();
    }

    /** Every registered HTTP route as {@code METHOD path} (for the OpenAPI test). */
    Set<String> routes() {
        return Set.copyOf(routes);
    }

    /** The served OpenAPI document's operations as {@code METHOD path}. */
    Set<String> documentedOperations() {
        return openApi.operations();
    }
}
