package io.shiporskip.projector.history;

import io.shiporskip.contracts.ShipOrSkipEvent;
import io.shiporskip.contracts.catalog.ToolEdited;
import io.shiporskip.contracts.catalog.ToolListed;
import io.shiporskip.contracts.catalog.ToolVotingLocked;
import io.shiporskip.contracts.catalog.ToolVotingUnlocked;
import io.shiporskip.contracts.catalog.PricingModel;
import io.shiporskip.contracts.cloudevents.CloudEvent;
import io.shiporskip.contracts.history.ToolStateSnapshot;
import io.shiporskip.contracts.panel.PanelReviewHidden;
import io.shiporskip.contracts.panel.PanelReviewSubmitted;
import io.shiporskip.contracts.panel.PanelReviewUnhidden;
import io.shiporskip.contracts.panel.PanelReviewWithdrawn;
import io.shiporskip.contracts.panel.Persona;
import io.shiporskip.contracts.panel.Verdict;
import io.shiporskip.projector.consumer.Projection;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * After every event that changes a tool's card other than its tally, records the card's new state (fields, lock,
 * visible panel takes) with the event's time, in the form {@link ToolStateSnapshot} owns. Runs after the card and
 * panel projections of the same event.
 */
@Component
@Order(200)
class ToolStateHistoryProjection implements Projection {

    private static final Set<Class<?>> CARD_CHANGES = Set.of(ToolListed.class, ToolEdited.class,
            ToolVotingLocked.class, ToolVotingUnlocked.class, PanelReviewSubmitted.class, PanelReviewWithdrawn.class,
            PanelReviewHidden.class, PanelReviewUnhidden.class);

    private final JdbcClient jdbc;

    ToolStateHistoryProjection(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void apply(ShipOrSkipEvent event, CloudEvent envelope) {
        if (!CARD_CHANGES.contains(event.getClass())) {
            return;
        }
        String toolId = event.subject();
        Map<Persona, ToolStateSnapshot.Review> reviews = new EnumMap<>(Persona.class);
        jdbc.sql("SELECT persona, score, verdict, text FROM panel_review WHERE tool_id = ? AND current AND NOT hidden")
                .param(toolId)
                .query(rs -> {
                    reviews.put(Persona.valueOf(rs.getString("persona")), new ToolStateSnapshot.Review(
                            rs.getInt("score"), Verdict.valueOf(rs.getString("verdict")), rs.getString("text")));
                });
        List<ToolStateSnapshot> card = jdbc.sql("""
                SELECT name, tagline, description, category, pricing_model, pricing_entry, pricing_details, best_for,
                       version, locked
                FROM tool_card WHERE tool_id = ?
                """).param(toolId)
                .query((rs, row) -> new ToolStateSnapshot(rs.getString("name"), rs.getString("tagline"),
                        rs.getString("description"), rs.getString("category"),
                        rs.getString("pricing_model") == null ? null : PricingModel.valueOf(rs.getString("pricing_model")),
                        rs.getString("pricing_entry"), rs.getString("pricing_details"), rs.getString("best_for"),
                        rs.getInt("version"), rs.getBoolean("locked"), reviews))
                .list();
        // a panel take on a tool not (yet) listed has no card to record
        for (ToolStateSnapshot state : card) {
            jdbc.sql("INSERT INTO tool_state_history (tool_id, valid_from, state) VALUES (?, ?, ?::jsonb)")
                    .params(toolId, Timestamp.from(envelope.time()), state.toJson()).update();
        }
    }
}
