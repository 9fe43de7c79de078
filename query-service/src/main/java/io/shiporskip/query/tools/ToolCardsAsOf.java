package io.shiporskip.query.tools;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.shiporskip.contracts.catalog.PricingModel;
import io.shiporskip.contracts.panel.Persona;
import io.shiporskip.contracts.panel.Verdict;
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

    private final JdbcClient jdbc;
    private final ObjectMapper json;

    ToolCardsAsOf(JdbcClient jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
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
        jdbc.sql("SELECT subject, type, data::text AS data FROM event_log WHERE subject = ANY(?) "
                        + "AND type IN ('VoteCast', 'VoteChanged', 'VoteRetracted', 'VoteVoided') "
                        + "AND occurred_at >= ? AND occurred_at <= ?")
                .params(ids, hour, at)
                .query(rs -> {
                    int[] tally = tallies.computeIfAbsent(rs.getString("subject"), k -> new int[2]);
                    applyVote(tally, rs.getString("type"), read(rs.getString("data")));
                });
        Map<String, ToolCard> cards = new HashMap<>();
        jdbc.sql("SELECT DISTINCT ON (tool_id) tool_id, state::text AS state FROM tool_state_history "
                        + "WHERE tool_id = ANY(?) AND valid_from <= ? ORDER BY tool_id, valid_from DESC, seq DESC")
                .params(ids, at)
                .query(rs -> {
                    String id = rs.getString("tool_id");
                    int[] tally = tallies.getOrDefault(id, new int[2]);
                    cards.put(id, card(id, read(rs.getString("state")), tally[0], tally[1]));
                });
        return cards;
    }

    private static void applyVote(int[] tally, String type, JsonNode data) {
        switch (type) {
            case "VoteCast" -> add(tally, data.get("choice").asText(), +1);
            case "VoteChanged" -> {
                add(tally, data.get("from").asText(), -1);
                add(tally, data.get("to").asText(), +1);
            }
            default -> add(tally, data.get("previous").asText(), -1); // VoteRetracted, VoteVoided
        }
    }

    private static void add(int[] tally, String choice, int delta) {
        tally["SHIP".equals(choice) ? 0 : 1] += delta;
    }

    private static ToolCard card(String id, JsonNode s, int ship, int skip) {
        Map<Persona, ReviewView> visible = new EnumMap<>(Persona.class);
        s.get("reviews").fields().forEachRemaining(e -> visible.put(Persona.valueOf(e.getKey()), new ReviewView(
                e.getValue().get("score").asInt(), Verdict.valueOf(e.getValue().get("verdict").asText()),
                e.getValue().get("text").asText())));
        Map<Persona, ReviewView> reviews = new LinkedHashMap<>();
        for (Persona persona : Persona.values()) {
            reviews.put(persona, visible.get(persona));
        }
        return new ToolCard(id, s.get("name").asText(), s.get("tagline").asText(), s.get("description").asText(),
                s.get("category").asText(), new ToolCard.Pricing(PricingModel.valueOf(s.get("pricingModel").asText()),
                s.get("pricingEntry").asText(), s.get("pricingDetails").asText()), s.get("bestFor").asText(),
                s.get("version").asInt(), s.get("locked").asBoolean(), PanelVerdict.of(new ArrayList<>(visible.values())),
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
