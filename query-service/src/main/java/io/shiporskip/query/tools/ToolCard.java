package io.shiporskip.query.tools;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.shiporskip.contracts.catalog.PricingModel;
import io.shiporskip.contracts.panel.Persona;

import java.util.Map;

/** A tool as a page shows it (api.md {@code ToolCard}); personas without a visible review map to null. */
public record ToolCard(String id, String name, String tagline, String description, String category, Pricing pricing,
                       String bestFor, int version, boolean locked, PanelVerdict panel, CommunityTally community,
                       @JsonInclude(JsonInclude.Include.ALWAYS) Map<Persona, ReviewView> reviews) {

    public record Pricing(PricingModel model, String entry, String details) {
    }
}
