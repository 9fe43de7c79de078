package io.shiporskip.command.panel;

import io.shiporskip.command.consistency.ReflectsEvent;

/** A review's revision after a command, and its latest event. */
public record ReviewRevision(int revision, String lastEventId) implements ReflectsEvent {
}
