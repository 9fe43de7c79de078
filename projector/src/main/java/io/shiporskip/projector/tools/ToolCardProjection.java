package io.shiporskip.projector.tools;

import io.shiporskip.contracts.ShipOrSkipEvent;
import io.shiporskip.contracts.catalog.FieldChange;
import io.shiporskip.contracts.catalog.ToolEdited;
import io.shiporskip.contracts.catalog.ToolListed;
import io.shiporskip.contracts.catalog.ToolVotingLocked;
import io.shiporskip.contracts.catalog.ToolVotingUnlocked;
import io.shiporskip.contracts.cloudevents.CloudEvent;
import io.shiporskip.contracts.community.TallyEffect;
import io.shiporskip.projector.consumer.Applied;
import io.shiporskip.projector.consumer.Projection;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Keeps {@code tool_card}. Tally changes follow {@link TallyEffect}: relative, so they commute, and the card is exact
 * however a tool's events from different ballots interleave, as long as each is applied once.
 */
@Component
@Order(10)
class ToolCardProjection implements Projection {

    private final JdbcClient jdbc;

    ToolCardProjection(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void apply(ShipOrSkipEvent event, CloudEvent envelope) {
        if (event instanceof ToolListed listed) {
            list(listed, envelope);
        } else if (new Applied(event, envelope).isVote()) {
            applyVotes(List.of(new Applied(event, envelope)));
        } else if (event instanceof ToolEdited edited) {
            edit(edited);
        } else if (event instanceof ToolVotingLocked locked) {
            setLocked(locked.toolId(), true);
        } else if (event instanceof ToolVotingUnlocked unlocked) {
            setLocked(unlocked.toolId(), false);
        }
    }

    /** API field names of ToolEdited to columns of tool_card; a fixed map, so no name reaches SQL unchecked. */
    private static final Map<String, String> COLUMNS = Map.of(
            "name", "name", "tagline", "tagline", "description", "description", "category", "category",
            "pricing.model", "pricing_model", "pricing.entry", "pricing_entry", "pricing.details", "pricing_details",
            "bestFor", "best_for");

    private void edit(ToolEdited event) {
        for (FieldChange change : event.changes()) {
            String column = COLUMNS.get(change.field());
            if (column == null) {
                throw new IllegalArgumentException("ToolEdited changes an unknown field: " + change.field());
            }
            jdbc.sql("UPDATE tool_card SET " + column + " = ? WHERE tool_id = ?")
                    .params(change.to(), event.toolId()).update();
        }
        jdbc.sql("UPDATE tool_card SET version = ? WHERE tool_id = ?").params(event.version(), event.toolId()).update();
    }

    private void setLocked(String toolId, boolean locked) {
        jdbc.sql("UPDATE tool_card SET locked = ? WHERE tool_id = ?").params(locked, toolId).update();
    }

    private void list(ToolListed e, CloudEvent envelope) {
        jdbc.sql("""
                INSERT INTO tool_card (tool_id, name, tagline, description, category, pricing_model, pricing_entry,
                                       pricing_details, best_for, version, listed_at)
                VALUES (:id, :name, :tagline, :description, :category, :model, :entry, :details, :bestFor, 1, :at)
                ON CONFLICT (tool_id) DO UPDATE SET name = :name, tagline = :tagline, description = :description,
                    category = :category, pricing_model = :model, pricing_entry = :entry, pricing_details = :details,
                    best_for = :bestFor, version = 1, listed_at = :at
                """)
                .param("id", e.toolId()).param("name", e.name()).param("tagline", e.tagline())
                .param("description", e.description()).param("category", e.category())
                .param("model", e.pricing().model().name()).param("entry", e.pricing().entry())
                .param("details", e.pricing().details()).param("bestFor", e.bestFor())
                .param("at", envelope.time() == null ? null : Timestamp.from(envelope.time()))
                .update();
    }

    /** A run of votes: the tally change of each tool summed, then one statement for all of them. */
    @Override
    public void applyVotes(List<Applied> votes) {
        Map<String, TallyEffect> deltas = new TreeMap<>();
        for (Applied vote : votes) {
            TallyEffect.of(vote.event()).ifPresent(effect -> deltas.merge(effect.toolId(), effect, TallyEffect::plus));
        }
        String[] tools = deltas.keySet().toArray(String[]::new);
        Integer[] ship = deltas.values().stream().map(TallyEffect::ship).toArray(Integer[]::new);
        Integer[] skip = deltas.values().stream().map(TallyEffect::skip).toArray(Integer[]::new);
        // tools in key order: two instances briefly sharing a partition lock rows in the same order
        jdbc.sql("""
                INSERT INTO tool_card (tool_id, community_ship, community_skip)
                SELECT * FROM unnest(?::varchar[], ?::int[], ?::int[])
                ON CONFLICT (tool_id) DO UPDATE SET community_ship = tool_card.community_ship + EXCLUDED.community_ship,
                                                    community_skip = tool_card.community_skip + EXCLUDED.community_skip
                """).params(tools, ship, skip).update();
    }
}
