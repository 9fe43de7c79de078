package io.shiporskip.command.catalog;

import io.shiporskip.contracts.catalog.Pricing;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Enter a tool into the catalog. */
public record ListTool(@TargetAggregateIdentifier String toolId, String name, String tagline, String description,
                       String category, Pricing pricing, String bestFor) {
}
