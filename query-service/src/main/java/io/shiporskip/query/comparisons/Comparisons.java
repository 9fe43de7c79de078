package io.shiporskip.query.comparisons;

import io.shiporskip.query.tools.ToolCard;
import io.shiporskip.query.tools.ToolCards;
import io.shiporskip.query.tools.ToolCardsAsOf;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
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
    private final ToolCardsAsOf cardsAsOf;
    private final Clock clock;

    Comparisons(JdbcClient jdbc, ToolCards cards, ToolCardsAsOf cardsAsOf, Clock clock) {
        this.jdbc = jdbc;
        this.cards = cards;
        this.cardsAsOf = cardsAsOf;
        this.clock = clock;
    }

    List<ComparisonSummary> all() {
        return jdbc.sql("SELECT comparison_id, title, tool_ids FROM comparison ORDER BY created_at, comparison_id")
                .query((rs, n) -> summary(rs)).list();
    }

    /** The page now, or as it stood at {@code asOf} (empty if the comparison did not exist yet). */
    Optional<ComparisonPage> page(String comparisonId, Instant asOf) {
        return jdbc.sql("SELECT comparison_id, title, tool_ids FROM comparison WHERE comparison_id = ? "
                        + "AND (CAST(? AS timestamptz) IS NULL OR created_at <= ?)")
                .params(comparisonId, asOf == null ? null : Timestamp.from(asOf), asOf == null ? null : Timestamp.from(asOf))
                .query((rs, n) -> summary(rs)).optional()
                .map(summary -> {
                    Map<String, ToolCard> byId = asOf == null ? cards.findAll(summary.toolIds())
                            : cardsAsOf.findAll(summary.toolIds(), asOf);
                    List<ToolCard> tools = summary.toolIds().stream().map(byId::get).filter(Objects::nonNull).toList();
                    return new ComparisonPage(summary.id(), summary.title(), tools, asOf == null ? clock.instant() : asOf);
                });
    }

    /** The page as it stands now, without its {@code asOf} (that is the instant it is served). */
    Optional<CurrentPage> current(String comparisonId) {
        return jdbc.sql("SELECT comparison_id, title, tool_ids FROM comparison WHERE comparison_id = ?")
                .param(comparisonId)
                .query((rs, n) -> summary(rs)).optional()
                .map(summary -> {
                    Map<String, ToolCard> byId = cards.findAll(summary.toolIds());
                    return new CurrentPage(summary.id(), summary.title(),
                            summary.toolIds().stream().map(byId::get).filter(Objects::nonNull).toList(),
                            summary.toolIds());
                });
    }

    private static ComparisonSummary summary(ResultSet rs) throws SQLException {
        return new ComparisonSummary(rs.getString("comparison_id"), rs.getString("title"),
                Arrays.asList((String[]) rs.getArray("tool_ids").getArray()));
    }
}
