package dev.courier.worker.internal;

/**
 * The per-chat header, one small value rewritten per accepted event.
 *
 * @param latestSeq    the chat's last assigned seq (the next event gets {@code latestSeq + 1})
 * @param messageCount how many {@code MessageSent} the chat has accepted (a running count, never decremented)
 * @param version      grows by one for every accepted chat event and every receipt that moves a watermark; stamped on
 *                     {@code UnreadChanged} so a consumer keeps the newest value
 */
public record ChatHeader(boolean group, long latestSeq, long messageCount, long version) {

    ChatHeader next(boolean isMessage) {
        return new ChatHeader(group, latestSeq + 1, messageCount + (isMessage ? 1 : 0), version + 1);
    }

    ChatHeader bumpVersion() {
        return new ChatHeader(group, latestSeq, messageCount, version + 1);
    }
}
