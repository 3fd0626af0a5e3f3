package dev.courier.events;

import java.time.Instant;
import java.util.UUID;

/** A user joins a chat; from the join's {@code seq} on, the chat's messages count as unread for them. */
public record MemberJoined(UUID chatId, UUID userId, Instant acceptedAt, Long seq) implements ChatEvent {

    @Override
    public MemberJoined sequenced(long seq, Instant acceptedAtIfMissing) {
        return new MemberJoined(chatId, userId, acceptedAt == null ? acceptedAtIfMissing : acceptedAt, seq);
    }
}
