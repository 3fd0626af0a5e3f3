package dev.courier.events;

import java.time.Instant;
import java.util.UUID;

/** A device reports "user has {@code kind} chat up to {@code upToSeq}" ({@code receipts.in}). */
public record ReceiptSubmitted(UUID chatId, UUID userId, ReceiptKind kind, long upToSeq, Instant at)
        implements CourierEvent {
}
