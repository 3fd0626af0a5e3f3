package dev.courier.events;

import java.time.Instant;
import java.util.UUID;

/** A user leaves a chat; they receive nothing sent after it. */
public record MemberLeft(UUID chatId, UUID userId, Instant acceptedAt, Long seq) implements ChatEvent {

    @Override
    public MemberLeft sequenced(long seq, Instant acceptedAtIfMissing) {
        return new MemberLeft(chatId, userId, acceptedAt == null ? acceptedAtIfMissing : acceptedAt, seq);
    }
}
