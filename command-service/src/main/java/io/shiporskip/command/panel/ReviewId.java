package io.shiporskip.command.panel;

import io.shiporskip.contracts.panel.Persona;

/** A review's stream: one persona's take on one tool. */
final class ReviewId {

    private ReviewId() {
    }

    static String of(String toolId, Persona persona) {
        return "review:" + toolId + ":" + persona.name();
    }
}
