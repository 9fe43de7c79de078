package io.shiporskip.contracts.catalog;

/** How a tool is priced: the model, the entry price as shown on a page ("Free", "Paid"), and the details line. */
public record Pricing(PricingModel model, String entry, String details) {
}
