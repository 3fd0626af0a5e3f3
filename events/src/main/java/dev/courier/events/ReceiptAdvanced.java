package dev.courier.events;

import java.time.Instant;
import java.util.UUID;

/**
 * A watermark moved ({@code receipts}): user's {@code kind} watermark in the chat went from {@code previousSeq} to
 * {@code upToSeq} at {@code at}. Emitted only when it moves, so consumers can apply these in any order with max().
 */
public record ReceiptAdvanced(UUID chatId, UUID userId, ReceiptKind kind, long upToSeq, long previousSeq, Instant at)
        implements CourierEvent {
}
