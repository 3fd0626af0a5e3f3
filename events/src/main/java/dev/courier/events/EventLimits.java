package dev.courier.events;

/**
 * Size limits every input path enforces the same way (HTTP and the {@code .in} topics).
 *
 * @param maxContentBytes largest message content, in UTF-8 bytes
 */
public record EventLimits(int maxContentBytes) {

    public static final int DEFAULT_MAX_CONTENT_BYTES = 16 * 1024;
    /** Longest client message id, in characters: it is part of a unique key, so it is kept short. */
    public static final int MAX_CLIENT_MESSAGE_ID_LENGTH = 128;
    public static final int MAX_TITLE_LENGTH = 256;
    public static final int MAX_MEMBERS = 10_000;

    public EventLimits {
        if (maxContentBytes < 1) {
            throw new IllegalArgumentException("maxContentBytes must be at least 1, was " + maxContentBytes);
        }
    }

    public static EventLimits defaults() {
        return new EventLimits(DEFAULT_MAX_CONTENT_BYTES);
    }
}
