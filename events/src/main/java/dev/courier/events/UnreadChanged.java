package dev.courier.events;

import java.time.Instant;
import java.util.UUID;

/**
 * A user's unread count in a chat changed ({@code unread}, keyed by {@code userId}). {@code version} is the worker's
 * per-chat position when it was computed: it only grows, so a consumer keeps the value with the highest version and
 * a replay of older records never overwrites newer state.
 */
public record UnreadChanged(UUID userId, UUID chatId, long unread, long lastReadSeq, long latestSeq, long version,
                            Instant at) implements CourierEvent {
}
