package dev.courier.ingest;

import dev.courier.events.Problem;
import java.util.List;
import java.util.Map;

/**
 * An error answer in RFC 9457 form ({@code application/problem+json}): throw it from a route handler and the server
 * renders {@code type}, {@code title}, {@code status}, {@code detail}, {@code instance} (the request path) and, when
 * there are any, {@code errors}: every bad field as {@code {field, message}}.
 *
 * @param reason  a short machine-readable cause, e.g. {@code invalid_fields}; the last part of {@code type} and the
 *                {@code reason} tag of the rejected-requests metric
 * @param headers extra response headers, e.g. {@code Retry-After}
 */
public final class ApiProblem extends RuntimeException {

    /** The base of every problem {@code type} URI; the reason is appended. */
    public static final String TYPE_BASE = "urn:courier:problem:";

    private final int status;
    private final String reason;
    private final String title;
    private final List<Problem> errors;
    private final Map<String, String> headers;

    public ApiProblem(int status, String reason, String title, String detail, List<Problem> errors,
                      Map<String, String> headers) {
        super(detail, null, false, false);
        this.status = status;
        this.reason = reason;
        this.title = title;
        this.errors = List.copyOf(errors);
        this.headers = Map.copyOf(headers);
    }

    /** 400: the request names bad fields (all of them). */
    public static ApiProblem invalidFields(List<Problem> errors) {
        String detail = errors.size() == 1 ? "1 field is invalid" : errors.size() + " fields are invalid";
        return new ApiProblem(400, "invalid_fields", "Invalid request", detail + "; see errors", errors, Map.of());
    }

    /** 400 for a cause other than fields, e.g. a body that is not JSON. */
    public static ApiProblem badRequest(String reason, String detail) {
        return new ApiProblem(400, reason, "Bad request", detail, List.of(), Map.of());
    }

    /** 404. */
    public static ApiProblem notFound(String detail) {
        return new ApiProblem(404, "not_found", "Not found", detail, List.of(), Map.of());
    }

    /** 503 with {@code Retry-After}. */
    public static ApiProblem unavailable(String detail, int retryAfterSeconds) {
        return new ApiProblem(503, "unavailable", "Service unavailable", detail, List.of(),
                Map.of("Retry-After", Integer.toString(retryAfterSeconds)));
    }

    public int status() {
        return status;
    }

    public String reason() {
        return reason;
    }

    public String title() {
        return title;
    }

    public String detail() {
        return getMessage();
    }

    public List<Problem> errors() {
        return errors;
    }

    public Map<String, String> headers() {
        return headers;
    }

    public String type() {
        return TYPE_BASE + reason;
    }
}
