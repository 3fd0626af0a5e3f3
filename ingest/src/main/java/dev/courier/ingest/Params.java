package dev.courier.ingest;

import dev.courier.events.Problem;
import dev.courier.events.internal.json.CanonicalUuid;
import dev.courier.events.internal.json.JsonText;
import io.javalin.http.Context;
import java.util.List;
import java.util.UUID;

/**
 * Reads path and query parameters, collecting a {@link Problem} per bad one (field {@code path.<name>} or
 * {@code query.<name>}) instead of stopping at the first; {@link #failIfAny} then answers 400 naming them all.
 */
public final class Params {

    private Params() {
    }

    /** A canonical (36-character) UUID path parameter, or null with a problem added. */
    public static UUID pathUuid(Context ctx, String name, List<Problem> problems) {
        return uuid("path." + name, ctx.pathParam(name), problems);
    }

    /** An optional UUID query parameter, or null (absent, or bad with a problem added). */
    public static UUID queryUuid(Context ctx, String name, List<Problem> problems) {
        String raw = ctx.queryParam(name);
        return raw == null || raw.isEmpty() ? null : uuid("query." + name, raw, problems);
    }

    /** An integer query parameter within [min, max], {@code fallback} when absent. */
    public static int intQuery(Context ctx, String name, int fallback, int min, int max, List<Problem> problems) {
        Long l = longQuery(ctx, name, null, min, max, problems);
        return l == null ? fallback : l.intValue();
    }

    /** A long query parameter within [min, max], {@code fallback} (may be null) when absent or bad. */
    public static Long longQuery(Context ctx, String name, Long fallback, long min, long max, List<Problem> problems) {
        String raw = ctx.queryParam(name);
        if (raw == null || raw.isEmpty()) {
            return fallback;
        }
        long value;
        try {
            value = Long.parseLong(raw);
        } catch (NumberFormatException e) {
            problems.add(new Problem("query." + name, "must be an integer, was '" + JsonText.abbreviate(raw) + "'"));
            return fallback;
        }
        if (value < min || value > max) {
            problems.add(new Problem("query." + name, "must be " + min + ".." + max + ", was " + value));
            return fallback;
        }
        return value;
    }

    /** Throws a 400 {@link ApiProblem} listing every problem, if there are any. */
    public static void failIfAny(List<Problem> problems) {
        if (!problems.isEmpty()) {
            throw ApiProblem.invalidFields(problems);
        }
    }

    static UUID uuid(String field, String raw, List<Problem> problems) {
        UUID id = CanonicalUuid.parse(raw); // ids must be canonical, as on the wire
        if (id == null) {
            problems.add(new Problem(field, "not a UUID: '" + JsonText.abbreviate(raw == null ? "" : raw) + "'"));
        }
        return id;
    }
}
