package io.shiporskip.projector.history;

import io.shiporskip.contracts.ShipOrSkipEvent;
import io.shiporskip.contracts.catalog.ToolEdited;
import io.shiporskip.contracts.catalog.ToolListed;
import io.shiporskip.contracts.catalog.ToolVotingLocked;
import io.shiporskip.contracts.catalog.ToolVotingUnlocked;
import io.shiporskip.contracts.cloudevents.CloudEvent;
import io.shiporskip.contracts.panel.PanelReviewHidden;
import io.shiporskip.contracts.panel.PanelReviewSubmitted;
import io.shiporskip.contracts.panel.PanelReviewUnhidden;
import io.shiporskip.contracts.panel.PanelReviewWithdrawn;
import io.shiporskip.projector.consumer.Projection;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.util.Set;

/**
 * After every event that changes a tool's card other than its tally, records the card's new state (fields, lock,
 * visible panel takes) with the event's time. Runs after the card and panel projections of the same event.
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
        jdbc.sql("""
                INSERT INTO tool_state_history (tool_id, valid_from, state)
                SELECT c.tool_id, ?, jsonb_build_object(
                    'name', c.name, 'tagline', c.tagline, 'description', c.description, 'category', c.category,
                    'pricingModel', c.pricing_model, 'pricingEntry', c.pricing_entry,
                    'pricingDetails', c.pricing_details, 'bestFor', c.best_for, 'version', c.version,
                    'locked', c.locked,
                    'reviews', coalesce((SELECT jsonb_object_agg(r.persona, jsonb_build_object(
                                    'score', r.score, 'verdict', r.verdict, 'text', r.text))
                                FROM panel_review r WHERE r.tool_id = c.tool_id AND r.current AND NOT r.hidden),
                               '{}'::jsonb))
                FROM tool_card c WHERE c.tool_id = ?
                """).params(Timestamp.from(envelope.time()), event.subject()).update();
    }
}
