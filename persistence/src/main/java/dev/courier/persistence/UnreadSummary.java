package dev.courier.persistence;

import java.util.List;
import java.util.UUID;

/** A user's unread counts: the total and one entry per chat the user has a count for. */
public record UnreadSummary(long total, List<ChatUnread> chats) {

    public UnreadSummary {
        chats = List.copyOf(chats);
    }

    public record ChatUnread(UUID chatId, long unread, long lastReadSeq) {
    }
}
