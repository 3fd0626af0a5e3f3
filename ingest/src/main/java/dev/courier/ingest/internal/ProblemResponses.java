package dev.courier.ingest.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.courier.events.Problem;
import dev.courier.ingest.ApiProblem;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Writes an {@link ApiProblem} as RFC 9457 {@code application/problem+json} and counts it. */
public final class ProblemResponses {

    public static final String CONTENT_TYPE = "application/problem+json";
    /** Marks a response whose body is already a problem, so Javalin's status-based error handlers leave it alone. */
    static final String RENDERED = "courier.problem.rendered";

    private final ObjectMapper mapper;
    private final IngestMetrics metrics;

    public ProblemResponses(ObjectMapper mapper, IngestMetrics metrics) {
        this.mapper = mapper;
        this.metrics = metrics;
    }

    public void render(Context ctx, ApiProblem problem) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", problem.type());
        body.put("title", problem.title());
        body.put("status", problem.status());
        body.put("detail", problem.detail());
        body.put("instance", ctx.path());
        if (!problem.errors().isEmpty()) {
            List<Map<String, String>> errors = new ArrayList<>(problem.errors().size());
            for (Problem p : problem.errors()) {
                errors.add(Map.of("field", p.field(), "message", p.message()));
            }
            body.put("errors", errors);
        }
        byte[] bytes;
        try {
            bytes = mapper.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of strings always serializes", e);
        }
        problem.headers().forEach(ctx::header);
        ctx.status(problem.status()).contentType(CONTENT_TYPE).result(bytes);
        ctx.attribute(RENDERED, Boolean.TRUE);
        metrics.rejected(problem.reason());
    }

    static boolean rendered(Context ctx) {
        return ctx.attribute(RENDERED) != null;
    }
}
