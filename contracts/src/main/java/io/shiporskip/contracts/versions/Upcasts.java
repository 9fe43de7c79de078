package io.shiporskip.contracts.versions;

import java.util.List;

/**
 * Every upcast of the published language, oldest first. Empty while every event type is still at version 1; a change
 * to an event's shape adds its {@link Upcast} here in the same commit that bumps the version in the catalog.
 */
public final class Upcasts {

    private static final List<Upcast> ALL = List.of();

    private Upcasts() {
    }

    public static List<Upcast> all() {
        return ALL;
    }
}
