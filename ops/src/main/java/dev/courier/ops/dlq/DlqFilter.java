package dev.courier.ops.dlq;

import dev.courier.events.RejectReason;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * Which rejected records a DLQ command looks at; every criterion left empty matches all.
 *
 * @param reasons     any of these reasons
 * @param chat        this record key (the chat id of chat-scoped inputs)
 * @param sourceTopic rejected from this topic
 * @param since       rejected at or after this time
 * @param until       rejected before this time
 * @param limit       at most this many records (0: no limit)
 */
public record DlqFilter(Set<RejectReason> reasons, Optional<String> chat, Optional<String> sourceTopic,
                        Optional<Instant> since, Optional<Instant> until, int limit) {

    public DlqFilter {
        reasons = Set.copyOf(reasons);
        if (limit < 0) {
            throw new IllegalArgumentException("limit must not be negative, was " + limit);
        }
    }

    public static DlqFilter all() {
        return new DlqFilter(Set.of(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), 0);
    }

    public boolean matches(DlqEntry e) {
        Instant at = e.rejected().at();
        return (reasons.isEmpty() || reasons.contains(e.rejected().reason()))
                && chat.map(c -> c.equals(e.rejected().key())).orElse(true)
                && sourceTopic.map(t -> t.equals(e.rejected().sourceTopic())).orElse(true)
                && since.map(s -> !at.isBefore(s)).orElse(true)
                && until.map(u -> at.isBefore(u)).orElse(true);
    }
}
