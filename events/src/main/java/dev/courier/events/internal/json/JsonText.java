package dev.courier.events.internal.json;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/**
 * How error messages describe JSON input, the same way on every input path: what kind of value was found
 * ({@code a string}, {@code an array}, ...), input text shortened so an error never echoes a huge value, and where a
 * parse failed.
 */
public final class JsonText {

    private JsonText() {
    }

    /** "a string", "a number", "an array", "null", ... for the token that starts a value. */
    public static String kind(JsonToken t) {
        if (t == null) {
            return "nothing";
        }
        return switch (t) {
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case START_ARRAY -> "an array";
            case START_OBJECT -> "an object";
            default -> "null";
        };
    }

    /** Nothing may follow a value: a parse error at the first token after it. */
    public static void requireEnd(JsonParser p) throws IOException {
        JsonToken t = p.nextToken();
        if (t != null) {
            throw new JsonParseException(p, "trailing " + kind(t) + " after the value");
        }
    }

    /** A field named twice in a request, worded as Jackson's own duplicate detection words it. */
    public static JsonParseException duplicate(JsonParser p, String name) {
        return new JsonParseException(p, "Duplicate field '" + name + "'");
    }

    /** At most 60 characters of {@code s}. */
    public static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }

    /** {@code not valid JSON at line 1, column 7: <the parser's first line>}, for a value that failed to parse. */
    public static String notJson(IOException e) {
        String where = e instanceof JsonProcessingException jpe && jpe.getLocation() != null
                ? " at line " + jpe.getLocation().getLineNr() + ", column " + jpe.getLocation().getColumnNr() : "";
        String what = e instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() : e.getMessage();
        return "not valid JSON" + where + ": " + firstLine(what);
    }

    /** The first line of {@code s}, at most 200 characters: a parser's or a header's words, never a flood. */
    public static String firstLine(String s) {
        if (s == null) {
            return "unreadable";
        }
        int nl = s.indexOf('\n');
        String line = nl < 0 ? s : s.substring(0, nl);
        return line.length() <= 200 ? line : line.substring(0, 197) + "...";
    }
}
