package dev.courier.persistence;

import java.util.List;

/**
 * One page of a chat's history, newest first.
 *
 * @param nextBefore the {@code before} of the next (older) page; null when nothing older is in the requested range
 */
public record HistoryPage(List<StoredMessage> messages, Long nextBefore) {

    public HistoryPage {
        messages = List.copyOf(messages);
    }
}
