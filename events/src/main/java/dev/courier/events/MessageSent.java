package dev.courier.events;

import java.time.Instant;
import java.util.UUID;

/**
 * A chat message. {@code messageId} is always {@link MessageIds#derive(UUID, UUID, String)} of chat, sender and client
 * message id, so a client's retry carries the same id; {@code sentAt} is the client's clock, {@code acceptedAt} Courier's.
 */
public record MessageSent(UUID chatId, UUID messageId, UUID senderId, String clientMessageId, String content,
                          Instant sentAt, Instant acceptedAt, Long seq) implements ChatEvent {

    @Override
    public MessageSent sequenced(long seq, Instant acceptedAtIfMissing) {
        Instant accepted = acceptedAt == null ? acceptedAtIfMissing : acceptedAt;
        return new MessageSent(chatId, messageId, senderId, clientMessageId, content,
                sentAt == null ? accepted : sentAt, accepted, seq);
    }
}
