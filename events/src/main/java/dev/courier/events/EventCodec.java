package dev.courier.events;

import com.fasterxml.jackson.core.JsonParser;
import dev.courier.events.internal.json.EventJson;
import java.io.IOException;
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
     * How an interface other than the wire (an HTTP body) carries an event's fields.
     *
     * @param allowed  the names the object may carry; any other is an unknown field
     * @param renamed  object name → event field name, where they differ (HTTP's {@code type} is {@code chatType})
     * @param given    event field → a value from outside the object (a path parameter), and the name to report it by
     * @param optional required event fields the object may leave out (the caller fills them in)
     */
    public record FieldProfile(Set<String> allowed, Map<String, String> renamed, Map<String, Given> given,
                               Set<String> optional) {

        public FieldProfile {
            allowed = Set.copyOf(allowed);
            renamed = Map.copyOf(renamed);
            given = Map.copyOf(given);
            optional = Set.copyOf(optional);
        }

        /** A value given from outside the object, reported as {@code name} (e.g. {@code path.chatId}). */
        public record Given(String name, String value) {
        }

        public static FieldProfile allowing(String... names) {
            return new FieldProfile(Set.of(names), Map.of(), Map.of(), Set.of());
        }

        public FieldProfile renaming(String name, String field) {
            return new FieldProfile(allowed, with(renamed, name, field), given, optional);
        }

        /** {@code field}'s value comes from outside the object, reported as {@code name}. */
        public FieldProfile giving(String field, String name, String value) {
            return new FieldProfile(allowed, renamed, with(given, field, new Given(name, value)), optional);
        }

        public FieldProfile leavingOptional(String field) {
            Set<String> more = new TreeSet<>(optional);
            more.add(field);
            return new FieldProfile(allowed, renamed, given, more);
        }

        /** The event field an object name stands for, or null if the object may not carry it. */
        public String fieldOf(String name) {
            return allowed.contains(name) ? renamed.getOrDefault(name, name) : null;
        }

        /** The name a problem with {@code field} is reported by. */
        public String nameOf(String field) {
            Given g = given.get(field);
            if (g != null) {
                return g.name();
            }
            for (Map.Entry<String, String> e : renamed.entrySet()) {
                if (e.getValue().equals(field)) {
                    return e.getKey();
                }
            }
            return field;
        }

        /** The allowed names, sorted, for an "unknown field" message. */
        public String allowedNames() {
            return String.join(", ", new TreeSet<>(allowed));
        }

        private static <V> Map<String, V> with(Map<String, V> map, String key, V value) {
            Map<String, V> more = new java.util.HashMap<>(map);
            more.put(key, value);
            return more;
        }
    }
}
