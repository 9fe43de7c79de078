package io.shiporskip.query.tools;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.shiporskip.contracts.community.TallyEffect;
import io.shiporskip.contracts.history.ToolStateSnapshot;
import io.shiporskip.contracts.panel.Persona;
import io.shiporskip.query.history.LoggedEvents;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Tool cards as they stood at an instant, exact to the event: the card's state from the last state-history row at
 * or before it, the tally from the whole UTC hours before it (vote buckets) plus the vote events of its own hour.
 * Cost does not grow with a tool's vote count beyond one hour of events and one row per hour of history.
 */
@Component
public class ToolCardsAsOf {

    private static final String[] VOTE_TYPES = TallyEffect.voteEventNames().toArray(String[]::new);

    private final JdbcClient jdbc;
    private final ObjectMapper json;
    private final LoggedEvents logged;

    public ToolCardsAsOf(JdbcClient jdbc, ObjectMapper json, LoggedEvents logged) {
        this.jdbc = jdbc;
        this.json = json;
        this.logged = logged;
    }

    /** The cards of those of the tools that were listed at {@code asOf}, by id. */
    public Map<String, ToolCard> findAll(Collection<String> toolIds, Instant asOf) {
        String[] ids = toolIds.toArray(String[]::new);
        Timestamp at = Timestamp.from(asOf);
        Timestamp hour = Timestamp.from(asOf.truncatedTo(ChronoUnit.HOURS));
        Map<String, int[]> tallies = new HashMap<>();
        jdbc.sql("SELECT tool_id, sum(ship) AS ship, sum(skip) AS skip FROM vote_bucket "
                        + "WHERE tool_id = ANY(?) AND bucket_start < ? GROUP BY tool_id")
                .params(ids, hour)
                .query(rs -> {
                    tallies.put(rs.getString("tool_id"), new int[]{rs.getInt("ship"), rs.getInt("skip")});
                });
        jdbc.sql("SELECT subject, type, version, data::text AS data FROM event_log WHERE subject = ANY(?) "
                        + "AND type = ANY(?) AND occurred_at >= ? AND occurred_at <= ?")
                .params(ids, VOTE_TYPES, hour, at)
                .query(rs -> {
                    int[] tally = tallies.computeIfAbsent(rs.getString("subject"), k -> new int[2]);
                    applyVote(tally, rs.getString("type"), rs.getInt("version"), read(rs.getString("data")));
                });
        Map<String, ToolCard> cards = new HashMap<>();
        jdbc.sql("SELECT DISTINCT ON (tool_id) tool_id, state::text AS state FROM tool_state_history "
                        + "WHERE tool_id = ANY(?) AND valid_from <= ? ORDER BY tool_id, valid_from DESC, seq DESC")
                .params(ids, at)
                .query(rs -> {
                    String id = rs.getString("tool_id");
                    int[] tally = tallies.getOrDefault(id, new int[2]);
                    cards.put(id, card(id, ToolStateSnapshot.fromJson(rs.getString("state")), tally[0], tally[1]));
                });
        return cards;
    }

    private void applyVote(int[] tally, String type, int version, JsonNode data) {
        TallyEffect.of(logged.event(type, version, data)).ifPresent(effect -> {
            tally[0] += effect.ship();
            tally[1] += effect.skip();
        });
    }

    static ToolCard card(String id, ToolStateSnapshot s, int ship, int skip) {
        Map<Persona, ReviewView> visible = new EnumMap<>(Persona.class);
        s.reviews().forEach((persona, review) ->
                visible.put(persona, new ReviewView(review.score(), review.verdict(), review.text())));
        Map<Persona, ReviewView> reviews = new LinkedHashMap<>();
        for (Persona persona : Persona.values()) {
            reviews.put(persona, visible.get(persona));
        }
        return new ToolCard(id, s.name(), s.tagline(), s.description(), s.category(),
                new ToolCard.Pricing(s.pricingModel(), s.pricingEntry(), s.pricingDetails()), s.bestFor(),
                s.version(), s.locked(), PanelVerdict.of(new ArrayList<>(visible.values())),
                CommunityTally.of(ship, skip), reviews);
    }

    private JsonNode read(String text) {
        try {
            return json.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("read model holds invalid JSON", e);
        }
    }

}
