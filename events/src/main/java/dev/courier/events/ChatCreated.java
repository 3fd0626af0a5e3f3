package dev.courier.events;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A chat comes into being with its first members ({@code createdBy} is always one of them). */
public record ChatCreated(UUID chatId, ChatType chatType, String title, UUID createdBy, List<UUID> members,
                          Instant acceptedAt, Long seq) implements ChatEvent {

    public ChatCreated {
        members = List.copyOf(members);
    }

    @Override
    public ChatCreated sequenced(long seq, Instant acceptedAtIfMissing) {
        return new ChatCreated(chatId, chatType, title, createdBy, members,
                acceptedAt == null ? acceptedAtIfMissing : acceptedAt, seq);
    }
}
