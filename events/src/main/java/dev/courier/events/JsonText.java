package dev.courier.events;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;

/**
 * How error messages describe JSON input, the same way on every input path: what kind of value was found
 * ({@code a string}, {@code an array}, ...), and input text shortened so an error never echoes a huge value.
 */
public final class JsonText {

    private JsonText() {
    }

    /** "a string", "a number", "an array", "null", ... */
    public static String kind(JsonNode v) {
        if (v == null || v.isNull()) {
            return "null";
        }
        return switch (v.getNodeType()) {
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            default -> v.getNodeType().name().toLowerCase(Locale.ROOT);
        };
    }

    /** At most 60 characters of {@code s}. */
    public static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }
}
