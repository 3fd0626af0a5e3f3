package dev.courier.events;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * Reads typed fields off a JSON object and collects a {@link Problem} for each bad one instead of stopping at the
 * first, so a rejection names every bad field. A getter returns null when the field is bad; callers build the event
 * only if {@link #problems()} is empty.
 */
final class FieldReader {

    private final JsonNode node;
    private final List<Problem> problems = new ArrayList<>();

    FieldReader(JsonNode node) {
        this.node = node;
    }

    List<Problem> problems() {
        return problems;
    }

    void problem(String field, String message) {
        problems.add(new Problem(field, message));
    }

    boolean has(String field) {
        JsonNode v = node.get(field);
        return v != null && !v.isNull();
    }

    UUID uuid(String field) {
        return present(field) ? uuid(field, node.get(field)) : null;
    }

    UUID optionalUuid(String field) {
        return has(field) ? uuid(field, node.get(field)) : null;
    }

    String text(String field, int maxChars, boolean allowBlank) {
        if (!present(field)) {
            return null;
        }
        JsonNode v = node.get(field);
        if (!v.isTextual()) {
            problem(field, "must be a string, was " + JsonText.kind(v));
            return null;
        }
        String s = v.textValue();
        if (!allowBlank && s.isBlank()) {
            problem(field, "must not be empty");
            return null;
        }
        if (s.length() > maxChars) {
            problem(field, s.length() + " characters, over the " + maxChars + "-character limit");
            return null;
        }
        return s;
    }

    String optionalText(String field, int maxChars) {
        return has(field) ? text(field, maxChars, true) : null;
    }

    /** {@link #text} for a value the database will store: PostgreSQL text cannot hold U+0000. */
    String storedText(String field, int maxChars, boolean allowBlank) {
        return withoutNul(field, text(field, maxChars, allowBlank));
    }

    String optionalStoredText(String field, int maxChars) {
        return has(field) ? storedText(field, maxChars, true) : null;
    }

    // Accepting a NUL would sequence an event that the database must then refuse, leaving a hole in the history.
    private String withoutNul(String field, String s) {
        if (s != null && s.indexOf('\u0000') >= 0) {
            problem(field, "contains a NUL character (\\u0000), which cannot be stored");
            return null;
        }
        return s;
    }

    /** A non-empty string of at most {@code maxBytes} UTF-8 bytes. */
    String content(String field, int maxBytes) {
        String s = storedText(field, Integer.MAX_VALUE, false);
        if (s == null) {
            return null;
        }
        int bytes = s.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > maxBytes) {
            problem(field, bytes + " bytes, over the " + maxBytes + "-byte limit");
            return null;
        }
        return s;
    }

    Long longAtLeast(String field, long min) {
        if (!present(field)) {
            return null;
        }
        JsonNode v = node.get(field);
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            problem(field, "must be an integer, was " + JsonText.kind(v));
            return null;
        }
        long l = v.longValue();
        if (l < min) {
            problem(field, "must be at least " + min + ", was " + l);
            return null;
        }
        return l;
    }

    Long optionalLongAtLeast(String field, long min) {
        return has(field) ? longAtLeast(field, min) : null;
    }

    Instant optionalInstant(String field) {
        if (!has(field)) {
            return null;
        }
        JsonNode v = node.get(field);
        if (!v.isTextual()) {
            problem(field, "must be an ISO-8601 UTC time string, was " + JsonText.kind(v));
            return null;
        }
        Instant t = IsoInstants.parse(v.textValue());
        if (t == null) {
            problem(field, "not an ISO-8601 UTC time (e.g. 2026-01-31T12:00:00Z): '" + JsonText.abbreviate(v.textValue()) + "'");
            return null;
        }
        if (!IsoInstants.storable(t)) {
            problem(field, "must be between " + IsoInstants.EARLIEST + " and 9999-12-31T23:59:59Z (years 1 to 9999), was '"
                    + JsonText.abbreviate(v.textValue()) + "'");
            return null;
        }
        return t;
    }

    Instant instant(String field) {
        return present(field) ? optionalInstant(field) : null;
    }

    <E extends Enum<E>> E enumValue(String field, Class<E> type) {
        if (!present(field)) {
            return null;
        }
        JsonNode v = node.get(field);
        String allowed = allowedValues(type);
        if (!v.isTextual()) {
            problem(field, "must be one of " + allowed + ", was " + JsonText.kind(v));
            return null;
        }
        for (E e : type.getEnumConstants()) {
            if (e.name().toLowerCase(Locale.ROOT).equals(v.textValue())) {
                return e;
            }
        }
        problem(field, "must be one of " + allowed + ", was '" + JsonText.abbreviate(v.textValue()) + "'");
        return null;
    }

    List<UUID> uuidList(String field, int maxItems) {
        if (!present(field)) {
            return null;
        }
        JsonNode v = node.get(field);
        if (!v.isArray()) {
            problem(field, "must be an array of UUIDs, was " + JsonText.kind(v));
            return null;
        }
        if (v.size() > maxItems) {
            problem(field, v.size() + " items, over the limit of " + maxItems);
            return null;
        }
        List<UUID> ids = new ArrayList<>(v.size());
        int before = problems.size();
        for (int i = 0; i < v.size(); i++) {
            ids.add(uuid(field + "[" + i + "]", v.get(i)));
        }
        return problems.size() == before ? ids : null;
    }

    private boolean present(String field) {
        if (has(field)) {
            return true;
        }
        problem(field, "missing");
        return false;
    }

    private UUID uuid(String field, JsonNode v) {
        if (v == null || !v.isTextual()) {
            problem(field, "must be a UUID string, was " + JsonText.kind(v));
            return null;
        }
        String s = v.textValue();
        // UUID.fromString accepts short forms like "1-2-3-4-5"; ids on the wire must be canonical.
        if (s.length() != 36) {
            problem(field, "not a UUID: '" + JsonText.abbreviate(s) + "'");
            return null;
        }
        try {
            return UUID.fromString(s);
        } catch (IllegalArgumentException e) {
            problem(field, "not a UUID: '" + JsonText.abbreviate(s) + "'");
            return null;
        }
    }

    private static <E extends Enum<E>> String allowedValues(Class<E> type) {
        StringBuilder sb = new StringBuilder();
        for (E e : type.getEnumConstants()) {
            sb.append(sb.length() == 0 ? "" : "|").append(e.name().toLowerCase(Locale.ROOT));
        }
        return sb.toString();
    }
}
