package io.shiporskip.contracts.catalog;

import io.shiporskip.contracts.ShipOrSkipEvent;

/** A tool entered the catalog, at version 1. */
public record ToolListed(String toolId, String name, String tagline, String description, String category,
                         Pricing pricing, String bestFor) implements ShipOrSkipEvent {

    @Override
    public String subject() {
        return toolId;
    }
}
