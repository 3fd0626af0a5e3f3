package dev.courier.persistence.internal.write;

import java.util.List;
import java.util.Map;

/**
 * What one batch wrote: rows affected per table (a replayed row counts 0), what was refused, and when its transaction
 * committed (epoch milliseconds, the clock {@code acceptedAt} is read from).
 */
public record WriteResult(Map<String, Integer> rowsByTable, List<RejectSink.Rejection> rejections, long committedAtMillis) {

    public WriteResult {
        rowsByTable = Map.copyOf(rowsByTable);
        rejections = List.copyOf(rejections);
    }
}
