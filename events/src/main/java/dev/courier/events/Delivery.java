package dev.courier.events;

import java.util.UUID;

/** One recipient's copy of a message ({@code inbox}, keyed by {@code userId}). */
public record Delivery(UUID userId, UUID chatId, long seq, UUID messageId, UUID senderId) implements CourierEvent {
}
