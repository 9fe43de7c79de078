package io.shiporskip.query.tools;

import io.shiporskip.contracts.catalog.PricingModel;
import io.shiporskip.contracts.panel.Persona;
import io.shiporskip.contracts.panel.Verdict;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads tool cards from the {@code tool_card} and {@code panel_review} read models. */
@Component
public class ToolCards {

    private final JdbcClient jdbc;

    ToolCards(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The card of a listed tool; empty when no tool with that id has been listed. */
    public Optional<ToolCard> find(String toolId) {
        return Optional.ofNullable(findAll(List.of(toolId)).get(toolId));
    }

    /** The cards of those of the given tools that are listed, by id. */
    public Map<String, ToolCard> findAll(Collection<String> toolIds) {
        if (toolIds.isEmpty()) {
            return Map.of();
        }
        String[] ids = toolIds.toArray(String[]::new);
        Map<String, Map<Persona, ReviewView>> reviews = visibleReviews(ids);
        Map<String, ToolCard> cards = new HashMap<>();
        jdbc.sql("SELECT * FROM tool_card WHERE tool_id = ANY(?) AND name IS NOT NULL").param(ids)
                .query((rs, n) -> card(rs, reviews.getOrDefault(rs.getString("tool_id"), Map.of())))
                .list().forEach(card -> cards.put(card.id(), card));
        return cards;
    }

    private Map<String, Map<Persona, ReviewView>> visibleReviews(String[] toolIds) {
        Map<String, Map<Persona, ReviewView>> byTool = new HashMap<>();
        jdbc.sql("SELECT tool_id, persona, score, verdict, text FROM panel_review "
                        + "WHERE tool_id = ANY(?) AND current AND NOT hidden").param(toolIds)
                .query((ResultSet rs) -> {
                    byTool.computeIfAbsent(rs.getString("tool_id"), k -> new EnumMap<>(Persona.class))
                            .put(Persona.valueOf(rs.getString("persona")), new ReviewView(rs.getInt("score"),
                                    Verdict.valueOf(rs.getString("verdict")), rs.getString("text")));
                });
        return byTool;
    }

    private static ToolCard card(ResultSet rs, Map<Persona, ReviewView> visible) throws SQLException {
        Map<Persona, ReviewView> reviews = new LinkedHashMap<>();
        for (Persona persona : Persona.values()) {
            reviews.put(persona, visible.get(persona));
        }
        return new ToolCard(rs.getString("tool_id"), rs.getString("name"), rs.getString("tagline"),
                rs.getString("description"), rs.getString("category"),
                new ToolCard.Pricing(PricingModel.valueOf(rs.getString("pricing_model")),
                        rs.getString("pricing_entry"), rs.getString("pricing_details")),
                rs.getString("best_for"), rs.getInt("version"), rs.getBoolean("locked"),
                PanelVerdict.of(new ArrayList<>(visible.values())),
                CommunityTally.of(rs.getInt("community_ship"), rs.getInt("community_skip")),
                reviews);
    }
}
