package io.shiporskip.query.comparisons;

import java.util.List;

/** One entry of the comparison list. */
public record ComparisonSummary(String id, String title, List<String> toolIds) {
}
