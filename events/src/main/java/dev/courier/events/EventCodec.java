package dev.courier.events;

import com.fasterxml.jackson.core.JsonParser;
import dev.courier.events.internal.json.EventJson;
import java.io.IOException;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Turns events into JSON bytes and back, the one way every module does it. Encoding writes {@code type} and
 * {@code v} first, then the record's fields in order (nulls left out). Decoding never throws: it checks the envelope,
 * then reads every field of the named type and reports each bad one (see {@link Decoded.Invalid}). An HTTP body is
 * read by the same rules, in its own names ({@link FieldProfile}).
 */
public final class EventCodec {

    private final EventLimits limits;
    private final EventJson json;

    public EventCodec(EventLimits limits) {
        this.limits = limits;
        this.json = new EventJson(limits);
    }

    public EventLimits limits() {
        return limits;
    }

    /** The JSON bytes of an event. */
    public byte[] encode(CourierEvent event) {
        return json.encode(event);
    }

    /** Reads one value that must be of {@code expected} type (or one of its subtypes). Never throws. */
    public <T extends CourierEvent> Decoded<T> decode(byte[] value, Class<T> expected) {
        return json.decode(value, expected);
    }

    /**
     * Reads one object that carries an event's fields in {@code profile}'s names (no {@code type}/{@code v}), by the
     * same rules and limits as {@link #decode}: the parser stands on the object's {@code START_OBJECT} and is left on
     * its {@code END_OBJECT}. Returns the event, or null with every problem, in the profile's names, added to
     * {@code problems}. Throws only for JSON the parser cannot read.
     */
    public <T extends CourierEvent> T read(JsonParser p, Class<T> type, FieldProfile profile, List<Problem> problems)
            throws IOException {
        return json.read(p, type, profile, problems);
    }

    /**
     * How an interface other than the wire (an HTTP body) carries an event's fields: the names the object may carry
     * (any other is an unknown field), renames (HTTP's {@code type} is {@code chatType}), values given from outside
     * the object (a path parameter) with the name to report them by, and required fields the object may leave out
     * (the caller fills them in). Immutable; the {@code with}-style methods return a new profile.
     */
    public static final class FieldProfile {

        /** A value given from outside the object, reported as {@code name} (e.g. {@code path.chatId}). */
        public record Given(String name, String value) {
        }

        // Arrays of interned names: a lookup per field of every item of a batch, and a scan comparing references
        // (the parser interns field names) costs less than hashing (Set.of's probing showed in the batch's profile).
        private final String[] allowed;
        private final String[] fields;
        private final Map<String, Given> given;
        private final Set<String> optional;

        private FieldProfile(String[] allowed, String[] fields, Map<String, Given> given, Set<String> optional) {
            this.allowed = allowed;
            this.fields = fields;
            this.given = Collections.unmodifiableMap(given);
            this.optional = Collections.unmodifiableSet(optional);
        }

        public static FieldProfile allowing(String... names) {
            String[] interned = new String[names.length];
            for (int i = 0; i < names.length; i++) {
                interned[i] = names[i].intern();
            }
            return new FieldProfile(interned, interned.clone(), Map.of(), Set.of());
        }

        /** The object's {@code name} stands for the event's {@code field}. */
        public FieldProfile renaming(String name, String field) {
            int i = indexOf(allowed, name);
            if (i < 0) {
                throw new IllegalArgumentException(name + " is not an allowed name");
            }
            String[] renamed = fields.clone();
            renamed[i] = field.intern();
            return new FieldProfile(allowed, renamed, given, optional);
        }

        /** {@code field}'s value comes from outside the object, reported as {@code name}. */
        public FieldProfile giving(String field, String name, String value) {
            Map<String, Given> more = new HashMap<>(given);
            more.put(field, new Given(name, value));
            return new FieldProfile(allowed, fields, more, optional);
        }

        public FieldProfile leavingOptional(String field) {
            Set<String> more = new HashSet<>(optional);
            more.add(field);
            return new FieldProfile(allowed, fields, given, more);
        }

        public Map<String, Given> given() {
            return given;
        }

        public Set<String> optional() {
            return optional;
        }

        /** The event field an object name stands for, or null if the object may not carry it. */
        public String fieldOf(String name) {
            int i = indexOf(allowed, name);
            return i < 0 ? null : fields[i];
        }

        /** The name a problem with {@code field} is reported by. */
        public String nameOf(String field) {
            Given g = given.get(field);
            if (g != null) {
                return g.name();
            }
            int i = indexOf(fields, field);
            return i < 0 ? field : allowed[i];
        }

        /** The allowed names, sorted, for an "unknown field" message. */
        public String allowedNames() {
            return String.join(", ", new TreeSet<>(List.of(allowed)));
        }

        /** By reference first (names from the parser and from literals are interned), then by value. */
        private static int indexOf(String[] names, String name) {
            for (int i = 0; i < names.length; i++) {
                if (names[i] == name) {
                    return i;
                }
            }
            for (int i = 0; i < names.length; i++) {
                if (names[i].equals(name)) {
                    return i;
                }
            }
            return -1;
        }
    }
}
