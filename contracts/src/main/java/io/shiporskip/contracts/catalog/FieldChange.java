package io.shiporskip.contracts.catalog;

/**
 * One field of a tool that an edit changed, with its value before and after. Field names are those of the API:
 * {@code name, tagline, description, category, bestFor, pricing.model, pricing.entry, pricing.details}.
 */
public record FieldChange(String field, String from, String to) {
}
