package io.shiporskip.command.catalog;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.Map;

/**
 * Change some of a tool's fields. {@code fields} maps API field names ({@code name}, {@code pricing.entry}, ...) to
 * new values; {@code expectedVersion}, when given, must be the current version (If-Match).
 */
public record EditTool(@TargetAggregateIdentifier String toolId, Long expectedVersion, Map<String, String> fields) {
}
