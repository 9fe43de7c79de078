package io.shiporskip.command.catalog;

import io.shiporskip.command.consistency.ReflectsEvent;

/** A tool's version after a command, and its latest event (what a no-op's token refers to). */
public record ToolVersion(long version, String lastEventId) implements ReflectsEvent {
}
