package dev.courier.persistence.internal.write;

import java.util.List;
import java.util.Map;

/** What one batch wrote: rows affected per table (a replayed row counts 0), and what was refused. */
public record WriteResult(Map<String, Integer> rowsByTable, List<RejectSink.Rejection> rejections) {

    public WriteResult {
        rowsByTable = Map.copyOf(rowsByTable);
        rejections = List.copyOf(rejections);
    }
}
