package io.shiporskip.query.analytics;

/** A tool's net tally change over a window: {@code net} = ship - skip. */
public record Mover(String toolId, int ship, int skip, int net) {
}
