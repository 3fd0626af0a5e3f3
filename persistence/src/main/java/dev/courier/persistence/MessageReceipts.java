package dev.courier.persistence;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Per recipient of one message: its status ({@code sent|delivered|read}) and when it became so. */
public record MessageReceipts(UUID messageId, UUID chatId, long seq, UUID senderId, List<Recipient> recipients) {

    public MessageReceipts {
        recipients = List.copyOf(recipients);
    }

    /** @param deliveredAt null unless delivered (or read); {@code readAt} null unless read */
    public record Recipient(UUID userId, String status, Instant deliveredAt, Instant readAt) {
    }
}
