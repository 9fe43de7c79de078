package io.shiporskip.command.community;

import io.shiporskip.command.consistency.ReflectsEvent;

/** The outcome of a bookmark command: its latest event, for the token of a no-op. */
public record BookmarkSet(String lastEventId) implements ReflectsEvent {
}
