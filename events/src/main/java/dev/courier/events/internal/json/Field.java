package dev.courier.events.internal.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * One field of an event's wire form: its name, whether it must be there, and how its value is read and checked. A
 * bad value is reported to the {@link ObjectRead} (every bad field is named, not only the first) and read as null.
 * The messages are part of the product: they reach producers in 400 answers and in {@code rejected}.
 */
final class Field<T> {

    /** How one kind of value is read off the parser, which stands on the value's first token (never null's). */
    interface Kind<T> {
        T read(JsonParser p, JsonToken t, Field<T> f, ObjectRead r) throws IOException;

        /** The value given as text from outside the JSON (an HTTP path parameter); only string kinds take one. */
        default T fromText(String s, Field<T> f, ObjectRead r) {
            throw new UnsupportedOperationException(f.name + " cannot be given as text");
        }
    }

    final String name;
    final byte[] key;
    final boolean required;
    final int index;
    /** For a time field: the last instant written, formatted (consecutive events mostly share it). */
    final InstantMemo lastInstant = new InstantMemo();
    private final Kind<T> kind;

    Field(String name, boolean required, int index, Kind<T> kind) {
        this.name = name;
        this.key = JsonOutput.key(name);
        this.required = required;
        this.index = index;
        this.kind = kind;
    }

    T read(JsonParser p, JsonToken t, ObjectRead r) throws IOException {
        return kind.read(p, t, this, r);
    }

    T fromText(String s, ObjectRead r) {
        return kind.fromText(s, this, r);
    }

    /** A kind whose values are JSON strings; {@code expected} completes "must be ..., was a number". */
    abstract static class Text<T> implements Kind<T> {
        private final String expected;

        Text(String expected) {
            this.expected = expected;
        }

        @Override
        public T read(JsonParser p, JsonToken t, Field<T> f, ObjectRead r) throws IOException {
            if (t != JsonToken.VALUE_STRING) {
                r.problem(f, "must be " + expected + ", was " + JsonText.kind(t));
                return null;
            }
            return fromText(p.getText(), f, r);
        }

        @Override
        public abstract T fromText(String s, Field<T> f, ObjectRead r);
    }

    static final Kind<UUID> UUID_KIND = new Text<>("a UUID string") {
        @Override
        public UUID read(JsonParser p, JsonToken t, Field<UUID> f, ObjectRead r) throws IOException {
            if (t == JsonToken.VALUE_STRING) {
                // Straight off the parser's buffer: ids are most of an event, and a String per id is waste.
                UUID id = CanonicalUuid.parse(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
                if (id != null) {
                    return id;
                }
            }
            return super.read(p, t, f, r);
        }

        @Override
        public UUID fromText(String s, Field<UUID> f, ObjectRead r) {
            UUID id = CanonicalUuid.parse(s);
            if (id == null) {
                r.problem(f, "not a UUID: '" + JsonText.abbreviate(s) + "'");
            }
            return id;
        }
    };

    /**
     * A string of at most {@code maxChars}; {@code stored}: one the database will keep, so no U+0000, which PostgreSQL
     * text cannot hold (accepting it would sequence an event the database must then refuse: a hole in the history).
     */
    static Kind<String> text(int maxChars, boolean allowBlank, boolean stored) {
        return new Text<>("a string") {
            @Override
            public String fromText(String s, Field<String> f, ObjectRead r) {
                if (!allowBlank && s.isBlank()) {
                    r.problem(f, "must not be empty");
                    return null;
                }
                if (s.length() > maxChars) {
                    r.problem(f, s.length() + " characters, over the " + maxChars + "-character limit");
                    return null;
                }
                if (stored && s.indexOf('\u0000') >= 0) {
                    r.problem(f, "contains a NUL character (\\u0000), which cannot be stored");
                    return null;
                }
                return s;
            }
        };
    }

    /** Stored, non-blank text of at most {@code maxBytes} UTF-8 bytes. */
    static Kind<String> content(int maxBytes) {
        Kind<String> text = text(Integer.MAX_VALUE, false, true);
        return new Text<>("a string") {
            @Override
            public String fromText(String s, Field<String> f, ObjectRead r) {
                String checked = text.fromText(s, f, r);
                // A Java char never takes more than three UTF-8 bytes: most content needs no count.
                if (checked == null || (long) s.length() * 3 <= maxBytes) {
                    return checked;
                }
                int bytes = s.getBytes(StandardCharsets.UTF_8).length;
                if (bytes > maxBytes) {
                    r.problem(f, bytes + " bytes, over the " + maxBytes + "-byte limit");
                    return null;
                }
                return s;
            }
        };
    }

    static final Kind<Instant> INSTANT = new Text<>("an ISO-8601 UTC time string") {
        @Override
        public Instant fromText(String s, Field<Instant> f, ObjectRead r) {
            Instant t = IsoInstants.parse(s);
            if (t == null) {
                r.problem(f, "not an ISO-8601 UTC time (e.g. 2026-01-31T12:00:00Z): '" + JsonText.abbreviate(s) + "'");
                return null;
            }
            if (!IsoInstants.storable(t)) {
                r.problem(f, "must be between " + IsoInstants.EARLIEST + " and 9999-12-31T23:59:59Z (years 1 to 9999), was '"
                        + JsonText.abbreviate(s) + "'");
                return null;
            }
            return t;
        }
    };

    /** One of the enum's constants, by its lower-case name. */
    static <E extends Enum<E>> Kind<E> enumValue(Class<E> type) {
        E[] constants = type.getEnumConstants();
        String[] names = new String[constants.length];
        for (int i = 0; i < constants.length; i++) {
            names[i] = constants[i].name().toLowerCase(Locale.ROOT);
        }
        String allowed = String.join("|", names);
        return new Text<>("one of " + allowed) {
            @Override
            public E fromText(String s, Field<E> f, ObjectRead r) {
                for (int i = 0; i < names.length; i++) {
                    if (names[i].equals(s)) {
                        return constants[i];
                    }
                }
                r.problem(f, "must be one of " + allowed + ", was '" + JsonText.abbreviate(s) + "'");
                return null;
            }
        };
    }

    static Kind<Long> longAtLeast(long min) {
        return (p, t, f, r) -> {
            if (t != JsonToken.VALUE_NUMBER_INT || p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                r.problem(f, "must be an integer, was " + JsonText.kind(t));
                return null;
            }
            long l = p.getLongValue();
            if (l < min) {
                r.problem(f, "must be at least " + min + ", was " + l);
                return null;
            }
            return l;
        };
    }

    /** An array of at most {@code maxItems} UUIDs; each bad item is named ({@code members[3]}). */
    static Kind<List<UUID>> uuids(int maxItems) {
        return (p, t, f, r) -> {
            if (t != JsonToken.START_ARRAY) {
                r.problem(f, "must be an array of UUIDs, was " + JsonText.kind(t));
                return null;
            }
            List<UUID> ids = new ArrayList<>();
            boolean valid = true;
            JsonToken item;
            for (int i = 0; (item = p.nextToken()) != JsonToken.END_ARRAY; i++) {
                UUID id = item == JsonToken.VALUE_STRING
                        ? CanonicalUuid.parse(p.getTextCharacters(), p.getTextOffset(), p.getTextLength()) : null;
                if (id == null) {
                    valid = false;
                    r.problem(f, "[" + i + "]", item == JsonToken.VALUE_STRING
                            ? "not a UUID: '" + JsonText.abbreviate(p.getText()) + "'"
                            : "must be a UUID string, was " + JsonText.kind(item));
                }
                p.skipChildren();
                ids.add(id);
            }
            if (ids.size() > maxItems) {
                r.clearProblems(f); // one problem says it all, not ten thousand
                r.problem(f, ids.size() + " items, over the limit of " + maxItems);
                return null;
            }
            return valid ? ids : null;
        };
    }
}
