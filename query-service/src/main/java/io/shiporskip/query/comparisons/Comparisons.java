package io.shiporskip.query.comparisons;

import io.shiporskip.query.tools.ToolCard;
import io.shiporskip.query.tools.ToolCards;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** Reads comparisons from the {@code comparison} read model and assembles their pages. */
@Component
class Comparisons {

    private final JdbcClient jdbc;
    private final ToolCards cards;
    private final Clock clock;

    Comparisons(JdbcClient jdbc, ToolCards cards, Clock clock) {
        this.jdbc = jdbc;
        this.cards = cards;
        this.clock = clock;
    }

    List<ComparisonSummary> all() {
        return jdbc.sql("SELECT comparison_id, title, tool_ids FROM comparison ORDER BY created_at, comparison_id")
                .query((rs, n) -> summary(rs)).list();
    }

    Optional<ComparisonPage> page(String comparisonId) {
        return jdbc.sql("SELECT comparison_id, title, tool_ids FROM comparison WHERE comparison_id = ?")
                .param(comparisonId).query((rs, n) -> summary(rs)).optional()
                .map(summary -> {
                    Map<String, ToolCard> byId = cards.findAll(summary.toolIds());
                    List<ToolCard> tools = summary.toolIds().stream().map(byId::get).filter(Objects::nonNull).toList();
                    return new ComparisonPage(summary.id(), summary.title(), tools, clock.instant());
                });
    }

    private static ComparisonSummary summary(ResultSet rs) throws SQLException {
        return new ComparisonSummary(rs.getString("comparison_id"), rs.getString("title"),
                Arrays.asList((String[]) rs.getArray("tool_ids").getArray()));
    }
}
