package dev.courier.worker.internal;

/**
 * One user's standing in one chat (keyed {@code chatId|userId}). Nothing here changes when someone else sends a
 * message: unread is {@code chat messageCount - baseCount}, so a message costs O(1) state whatever the chat's size.
 *
 * @param joinedSeq    seq of the user's latest join (1 for founding members)
 * @param baseSeq      {@code max(readSeq, joinedSeq)}: messages after it are unread
 * @param baseCount    the chat's message count at {@code baseSeq}
 * @param deliveredSeq delivered watermark (0 = nothing)
 * @param readSeq      read watermark (0 = nothing); always {@code <= deliveredSeq}
 * @param leftCount    the chat's message count when the user left, or -1 while a member; a left user's unread is
 *                     frozen at {@code leftCount - baseCount}
 */
public record Member(long joinedSeq, long baseSeq, long baseCount, long deliveredSeq, long readSeq, long leftCount) {

    public boolean active() {
        return leftCount < 0;
    }

    public long unread(ChatHeader chat) {
        return (active() ? chat.messageCount() : leftCount) - baseCount;
    }

    static Member joined(long seq, long messageCount) {
        return new Member(seq, seq, messageCount, 0, 0, -1);
    }

    /** A user who had left joins again: watermarks stay (they never go back), counting restarts at the join. */
    Member rejoined(long seq, long messageCount) {
        return new Member(seq, seq, messageCount, deliveredSeq, readSeq, -1);
    }

    Member left(long messageCount) {
        return new Member(joinedSeq, baseSeq, baseCount, deliveredSeq, readSeq, messageCount);
    }

    Member watermarks(long delivered, long read, long base, long countAtBase) {
        return new Member(joinedSeq, base, countAtBase, delivered, read, leftCount);
    }
}
