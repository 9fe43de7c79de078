package io.shiporskip.command.community;

import io.shiporskip.command.consistency.ReflectsEvent;

/** Whether a voter is suspended after a moderation command, and their latest event. */
public record VoterStatus(boolean suspended, String lastEventId) implements ReflectsEvent {
}
