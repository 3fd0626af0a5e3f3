package dev.courier.events;

import java.time.Instant;

/**
 * An input Courier refused ({@code rejected}, keyed by the input's key): why, where it came from, and the raw value
 * as it was read, so an operator can fix and re-drive it.
 *
 * @param key         the input record's key as text (may be null or not a valid id: it is reported as it was)
 * @param reason      a machine-readable reason
 * @param detail      a human-readable explanation naming every bad field
 * @param rawValue    the input value as UTF-8 text (invalid UTF-8 is replaced), null for a null value
 */
public record Rejected(String key, RejectReason reason, String detail, String sourceTopic, int sourcePartition,
                       long sourceOffset, String rawValue, Instant at) implements CourierEvent {

    /**
     * Longest raw value kept, in characters. A rejection must always fit in a Kafka record (1 MB by default), or
     * writing it would fail and the input that caused it would be retried forever; the source offset finds the rest.
     */
    public static final int MAX_RAW_CHARS = 64 * 1024;
    static final int MAX_KEY_CHARS = 1024;

    public Rejected {
        key = cap(key, MAX_KEY_CHARS);
        rawValue = cap(rawValue, MAX_RAW_CHARS);
    }

    private static String cap(String s, int max) {
        return s == null || s.length() <= max ? s
                : s.substring(0, max) + "...[truncated: " + s.length() + " characters in all]";
    }
}
