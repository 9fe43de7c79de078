package io.shiporskip.query.tools;

import io.shiporskip.contracts.catalog.PricingModel;
import io.shiporskip.contracts.panel.Persona;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads tool cards from the {@code tool_card} read model. */
@Component
public class ToolCards {

    private final JdbcClient jdbc;

    ToolCards(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The card of a listed tool; empty when no tool with that id has been listed. */
    public Optional<ToolCard> find(String toolId) {
        return jdbc.sql("SELECT * FROM tool_card WHERE tool_id = ? AND name IS NOT NULL").param(toolId)
                .query((rs, n) -> card(rs)).optional();
    }

    private static ToolCard card(ResultSet rs) throws SQLException {
        Map<Persona, ReviewView> reviews = new LinkedHashMap<>();
        for (Persona persona : Persona.values()) {
            reviews.put(persona, null);
        }
        return new ToolCard(rs.getString("tool_id"), rs.getString("name"), rs.getString("tagline"),
                rs.getString("description"), rs.getString("category"),
                new ToolCard.Pricing(PricingModel.valueOf(rs.getString("pricing_model")),
                        rs.getString("pricing_entry"), rs.getString("pricing_details")),
                rs.getString("best_for"), rs.getInt("version"), rs.getBoolean("locked"),
                PanelVerdict.of(List.of()),
                CommunityTally.of(rs.getInt("community_ship"), rs.getInt("community_skip")),
                reviews);
    }
}
