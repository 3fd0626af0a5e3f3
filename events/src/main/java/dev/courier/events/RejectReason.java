package dev.courier.events;

import java.util.Locale;

/** Why an input was rejected; the wire form is the lower-case name, e.g. {@code not_a_member}. */
public enum RejectReason {
    /** Not JSON, or not a JSON object. */
    MALFORMED,
    /** The {@code type} is not one Courier knows or not one allowed on the topic. */
    UNKNOWN_TYPE,
    /** The {@code v} is newer than this build reads. */
    UNSUPPORTED_VERSION,
    /** One or more fields are missing or wrong; the detail names each. */
    INVALID,
    /** The chat does not exist. */
    UNKNOWN_CHAT,
    /** The chat already exists. */
    CHAT_EXISTS,
    /** The acting user is not a member of the chat. */
    NOT_A_MEMBER,
    /** The same messageId was already sequenced within the dedup window. */
    DUPLICATE,
    /** The database refused the record (constraint or bad data). */
    DATABASE;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static RejectReason fromWire(String s) {
        return valueOf(s.toUpperCase(Locale.ROOT));
    }
}
