package dev.courier.events.internal.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import dev.courier.events.CourierEvent;
import dev.courier.events.Decoded;
import dev.courier.events.EventCodec.FieldProfile;
import dev.courier.events.EventLimits;
import dev.courier.events.Problem;
import dev.courier.events.RejectReason;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The codec's engine: every event is read and written by its {@link EventShape}, in one streaming pass, whether it
 * comes from Kafka (the wire form, with its {@code type}/{@code v} envelope) or from an HTTP body (a
 * {@link FieldProfile}'s form). Reading never throws on bad input; it names every bad field.
 */
public final class EventJson {

    // No duplicate detection here: a field that appears twice counts with its last value, as a JSON tree reads it.
    private final JsonFactory json = new JsonFactory();
    private final EventShapes shapes;
    private final ThreadLocal<JsonOutput> outputs = ThreadLocal.withInitial(JsonOutput::new);

    public EventJson(EventLimits limits) {
        this.shapes = new EventShapes(limits);
    }

    public byte[] encode(CourierEvent event) {
        return shapes.of(event).writeEvent(event, outputs.get().reset());
    }

    /**
     * Reads one value of {@code expected} type (or one of its subtypes). The checks go in this order and the first
     * that fails decides: well-formed JSON (MALFORMED), an object, a known and allowed {@code type} (UNKNOWN_TYPE), a
     * readable {@code v} (UNSUPPORTED_VERSION if too new), then every field (INVALID, naming each bad one).
     */
    public <T extends CourierEvent> Decoded<T> decode(byte[] value, Class<T> expected) {
        if (value == null) {
            return invalid(RejectReason.MALFORMED, "", "value is null (a tombstone?)", null);
        }
        try {
            return read(value, expected);
        } catch (IOException e) { // malformed JSON, or bytes that are not UTF-8
            return invalid(RejectReason.MALFORMED, "", JsonText.notJson(e), value);
        }
    }

    /**
     * Reads the fields of one object in {@code profile}'s form, the parser on its {@code START_OBJECT}, up to and
     * including its end. Returns the event, or null with every problem added to {@code problems}.
     */
    public <T extends CourierEvent> T read(JsonParser p, Class<T> type, FieldProfile profile, List<Problem> problems)
            throws IOException {
        EventShape<T> shape = shapes.byClass(type);
        ObjectRead r = new ObjectRead(shape, profile);
        r.readFields(p, null);
        r.finish();
        T event = shape.build(r);
        if (r.hasProblems()) {
            problems.addAll(r.problems());
            return null;
        }
        return event;
    }

    private <T extends CourierEvent> Decoded<T> read(byte[] value, Class<T> expected) throws IOException {
        try (JsonParser p = json.createParser(value)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                return invalid(RejectReason.MALFORMED, "", "empty value, expected a JSON object", value);
            }
            if (first != JsonToken.START_OBJECT) {
                p.skipChildren();
                JsonText.requireEnd(p);
                return invalid(RejectReason.MALFORMED, "", "must be a JSON object, was " + JsonText.kind(first), value);
            }
            // Writers put the type first (ours always do): then one pass reads everything, unless a second type
            // field turns up, which a JSON tree would read as the last one's.
            if ("type".equals(p.nextFieldName()) && p.nextToken() == JsonToken.VALUE_STRING) {
                Decoded<T> decoded = read(p, p.getText(), true, value, expected);
                if (decoded != null) {
                    return decoded;
                }
            }
        }
        TypeField type = lastType(value);
        if (type == null || type.text() == null) {
            return invalid(RejectReason.INVALID, "type", type == null ? "missing" : type.problem(), value);
        }
        try (JsonParser p = json.createParser(value)) {
            p.nextToken();
            return read(p, type.text(), false, value, expected);
        }
    }

    /**
     * The rest of the object, {@code type} known: {@code p} stands before a field name. A type that is missing or
     * wrong decides the answer, but only once the whole value parsed: malformed JSON outranks everything. With
     * {@code firstType} (the type was the first field), null if another type field follows.
     */
    private <T extends CourierEvent> Decoded<T> read(JsonParser p, String type, boolean firstType, byte[] value,
                                                     Class<T> expected) throws IOException {
        EventShape<?> shape = shapes.byType(type);
        if (shape == null || !expected.isAssignableFrom(shape.eventClass)) {
            skipRest(p);
            JsonText.requireEnd(p);
            return invalid(RejectReason.UNKNOWN_TYPE, "type", "'" + JsonText.abbreviate(type) + "' is not "
                    + (shape == null ? "a Courier event type" : "allowed here") + "; expected one of "
                    + shapes.typesOf(expected), value);
        }
        Envelope envelope = new Envelope(firstType);
        ObjectRead r = new ObjectRead(shape, null);
        r.readFields(p, envelope);
        JsonText.requireEnd(p);
        if (envelope.typeRepeated) {
            return null;
        }
        Decoded<T> bad = envelope.check(value);
        if (bad != null) {
            return bad;
        }
        r.finish();
        CourierEvent event = shape.build(r);
        if (r.hasProblems()) {
            return new Decoded.Invalid<>(RejectReason.INVALID, r.problems(), raw(value));
        }
        return new Decoded.Valid<>(expected.cast(event));
    }

    /** The value of the last top-level {@code type} field (a JSON tree keeps the last), or null if there is none. */
    private TypeField lastType(byte[] value) throws IOException {
        TypeField type = null;
        try (JsonParser p = json.createParser(value)) {
            p.nextToken();
            String name;
            while ((name = p.nextFieldName()) != null) {
                JsonToken t = p.nextToken();
                if (name.equals("type")) {
                    type = new TypeField(t, t == JsonToken.VALUE_STRING ? p.getText() : null);
                }
                p.skipChildren();
            }
            JsonText.requireEnd(p);
        }
        return type;
    }

    /** A type field's token, and its text if it is a string. */
    private record TypeField(JsonToken token, String text) {

        String problem() {
            return token == JsonToken.VALUE_NULL ? "missing" : "must be a string, was " + JsonText.kind(token);
        }
    }

    /** The {@code type} and {@code v} of a wire value, met among its fields. */
    static final class Envelope {
        /** Whether a type field here is one too many: the first was read already, and only the last counts. */
        private final boolean typeRead;
        private boolean typeRepeated;
        private boolean vSeen;
        private int v = -1;
        private String vText;

        Envelope(boolean typeRead) {
            this.typeRead = typeRead;
        }

        boolean takes(String name) {
            return name.equals("type") || name.equals("v");
        }

        void read(String name, JsonParser p, JsonToken t) throws IOException {
            if (name.equals("type")) {
                typeRepeated |= typeRead;
                return;
            }
            vSeen = t != JsonToken.VALUE_NULL;
            boolean positiveInt = t == JsonToken.VALUE_NUMBER_INT && p.getNumberType() == JsonParser.NumberType.INT
                    && p.getIntValue() >= 1;
            v = positiveInt ? p.getIntValue() : -1;
            vText = t == JsonToken.VALUE_STRING ? "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(
                    JsonText.abbreviate(p.getText()))) + "\""
                    : t.isScalarValue() ? p.getText() : JsonText.kind(t);
        }

        <T extends CourierEvent> Decoded<T> check(byte[] value) {
            if (!vSeen) {
                return invalid(RejectReason.INVALID, "v", "missing (the schema version, " + CourierEvent.SCHEMA_VERSION + ")", value);
            }
            if (v < 1) {
                return invalid(RejectReason.INVALID, "v", "must be a positive integer, was " + vText, value);
            }
            if (v > CourierEvent.SCHEMA_VERSION) {
                return invalid(RejectReason.UNSUPPORTED_VERSION, "v", "version " + v + " is newer than this build reads (at most "
                        + CourierEvent.SCHEMA_VERSION + ")", value);
            }
            return null;
        }
    }

    /** Skips to the end of the object the parser is in: it stands on the object's start or on one of its values. */
    private static void skipRest(JsonParser p) throws IOException {
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_OBJECT) {
            if (t == null) {
                throw new JsonParseException(p, "unexpected end of input inside an object");
            }
            p.skipChildren();
        }
    }


    private static String raw(byte[] value) {
        // Only an invalid value is copied into a String: a valid one never is.
        return new String(value, StandardCharsets.UTF_8);
    }

    private static <T extends CourierEvent> Decoded<T> invalid(RejectReason reason, String field, String message, byte[] value) {
        return new Decoded.Invalid<>(reason, List.of(new Problem(field, message)), value == null ? null : raw(value));
    }
}
