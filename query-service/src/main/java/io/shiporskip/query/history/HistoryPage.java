package io.shiporskip.query.history;

import java.util.List;

/** One page of history; {@code nextCursor} is null on the last page. */
public record HistoryPage(List<HistoryEntry> events, String nextCursor) {
}
