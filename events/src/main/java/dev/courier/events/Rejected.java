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
}
