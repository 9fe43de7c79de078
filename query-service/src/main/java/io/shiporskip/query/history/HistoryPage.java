package io.shiporskip.query.history;

import java.util.List;

/**
 * One page of history. {@code nextCursor} is null on the last page; {@code resumeCursor} always points after the
 * last entry returned (or is the cursor given, for an empty page), so a client can come back later for what is new.
 */
public record HistoryPage(List<HistoryEntry> events, String nextCursor, String resumeCursor) {
}
