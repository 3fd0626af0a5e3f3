package dev.courier.events.internal.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.courier.events.EventCodec.FieldProfile;
import dev.courier.events.Problem;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One JSON object read into an event shape's fields, with every problem found on the way. Problems come out in a fixed
 * order whatever the order of the object's fields: unknown fields first, then each field in the shape's order, then
 * what {@link EventShape#build} found across fields. On the wire a field that appears twice counts once, with its last
 * value (as a JSON tree reads it); in a profile's form (a request) it is malformed JSON, as a request must say one thing.
 */
final class ObjectRead {

    private final EventShape<?> shape;
    /** How the object names the fields; null for the wire form itself, whose unknown fields are ignored. */
    private final FieldProfile profile;
    private final Object[] values;
    private final boolean[] present;
    /** Fields met so far, null or not: in a profile's form a field named twice is an error, not "the last wins". */
    private final boolean[] named;
    private final List<Problem>[] fieldProblems;
    private List<Problem> unknown;
    private List<String> unknownNames;
    private List<Problem> after;
    private boolean building;

    @SuppressWarnings("unchecked")
    ObjectRead(EventShape<?> shape, FieldProfile profile) {
        this.shape = shape;
        this.profile = profile;
        int n = shape.fields().size();
        this.values = new Object[n];
        this.present = new boolean[n];
        this.named = new boolean[n];
        this.fieldProblems = new List[n];
    }

    /**
     * Reads fields up to and including the object's end; {@code envelope} takes {@code type} and {@code v} (the wire
     * form) or is null (a profile's form, which has no envelope).
     */
    void readFields(JsonParser p, EventJson.Envelope envelope) throws IOException {
        String name;
        while ((name = p.nextFieldName()) != null) {
            JsonToken t = p.nextToken();
            if (envelope != null && envelope.takes(name)) {
                envelope.read(name, p, t);
            } else {
                String fieldName = profile == null ? name : profile.fieldOf(name);
                Field<?> f = fieldName == null ? null : shape.field(fieldName);
                if (fieldName == null) {
                    unknown(p, name);
                } else if (f != null) {
                    read(f, p, t);
                }
            }
            JsonToken now = p.currentToken();
            if (now == JsonToken.START_OBJECT || now == JsonToken.START_ARRAY) {
                p.skipChildren(); // a value no field read: an unknown field's, or one of the wrong type
            }
        }
    }

    /** The profile's given values (path parameters), then "missing" for every required field still absent. */
    void finish() {
        if (profile != null) {
            for (Map.Entry<String, FieldProfile.Given> g : profile.given().entrySet()) {
                Field<?> f = shape.field(g.getKey());
                values[f.index] = f.fromText(g.getValue().value(), this);
                present[f.index] = true;
            }
        }
        for (Field<?> f : shape.fields()) {
            if (!present[f.index] && f.required && (profile == null || !profile.optional().contains(f.name))) {
                problem(f, "missing");
            }
        }
        building = true;
    }

    @SuppressWarnings("unchecked")
    <T> T get(Field<T> f) {
        return (T) values[f.index];
    }

    long getOrZero(Field<Long> f) {
        Long l = get(f);
        return l == null ? 0 : l;
    }

    void problem(Field<?> f, String message) {
        problem(f, "", message);
    }

    /** A problem with the field or, {@code suffix} being {@code [3]}, one of its items. */
    void problem(Field<?> f, String suffix, String message) {
        Problem problem = new Problem(nameOf(f) + suffix, message);
        if (building) {
            after = add(after, problem);
        } else {
            fieldProblems[f.index] = add(fieldProblems[f.index], problem);
        }
    }

    void clearProblems(Field<?> f) {
        fieldProblems[f.index] = null;
    }

    boolean hasProblems() {
        if (unknown != null || after != null) {
            return true;
        }
        for (List<Problem> p : fieldProblems) {
            if (p != null) {
                return true;
            }
        }
        return false;
    }

    List<Problem> problems() {
        List<Problem> all = new ArrayList<>();
        if (unknown != null) {
            all.addAll(unknown);
        }
        for (List<Problem> p : fieldProblems) {
            if (p != null) {
                all.addAll(p);
            }
        }
        if (after != null) {
            all.addAll(after);
        }
        return all;
    }

    private void read(Field<?> f, JsonParser p, JsonToken t) throws IOException {
        // Checked here, on the fields a shape knows: Jackson's STRICT_DUPLICATE_DETECTION costs a set per object.
        if (named[f.index] && profile != null) {
            throw JsonText.duplicate(p, f.name);
        }
        named[f.index] = true;
        fieldProblems[f.index] = null;
        values[f.index] = t == JsonToken.VALUE_NULL ? null : f.read(p, t, this);
        present[f.index] = t != JsonToken.VALUE_NULL; // null stands for absent, as the wire format writes it
    }

    private void unknown(JsonParser p, String name) throws IOException {
        if (unknownNames == null) {
            unknownNames = new ArrayList<>(2);
        } else if (unknownNames.contains(name)) {
            throw JsonText.duplicate(p, name);
        }
        unknownNames.add(name);
        unknown = add(unknown, new Problem(JsonText.abbreviate(name), "unknown field; allowed: " + profile.allowedNames()));
    }

    private String nameOf(Field<?> f) {
        return profile == null ? f.name : profile.nameOf(f.name);
    }

    private static List<Problem> add(List<Problem> list, Problem p) {
        List<Problem> l = list == null ? new ArrayList<>(2) : list;
        l.add(p);
        return l;
    }
}
