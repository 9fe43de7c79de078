package io.shiporskip.query.comparisons;

import io.shiporskip.query.tools.ToolCard;

import java.time.Instant;
import java.util.List;

/** A comparison page (api.md): its tools' cards in the comparison's order, as they stood at {@code asOf}. */
public record ComparisonPage(String id, String title, List<ToolCard> tools, Instant asOf) {
}
