package io.shiporskip.contracts.history;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.shiporskip.contracts.catalog.PricingModel;
import io.shiporskip.contracts.panel.Persona;
import io.shiporskip.contracts.panel.Verdict;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * A tool's card without its tally as it stood after one catalog, lock or panel event: the {@code state} of a
 * {@code tool_state_history} row. The projector writes it, the query service reads it for {@code asOf}; its JSON form
 * ({@link #toJson()}) is what rows hold, so field names are never renamed, only added (readers ignore fields they do
 * not know). {@code golden/readmodels/tool-state-snapshot.json} in the contracts test jar pins it for both sides.
 *
 * @param reviews the visible panel takes (current, not hidden) by persona; personas without one are absent
 */
public record ToolStateSnapshot(String name, String tagline, String description, String category,
                                PricingModel pricingModel, String pricingEntry, String pricingDetails, String bestFor,
                                int version, boolean locked, Map<Persona, Review> reviews) {

    private static final ObjectMapper JSON = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** One persona's visible take. */
    public record Review(int score, Verdict verdict, String text) {
    }

    public ToolStateSnapshot {
        reviews = reviews == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(reviews));
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a snapshot is always writable", e);
        }
    }

    public static ToolStateSnapshot fromJson(String json) {
        try {
            return JSON.readValue(json, ToolStateSnapshot.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a tool state snapshot: " + e.getOriginalMessage(), e);
        }
    }
}
