package io.shiporskip.command.community;

import io.shiporskip.command.consistency.ReflectsEvent;
import io.shiporskip.contracts.community.Choice;

/** The ballot after a CastVote: the current choice, whether the command changed anything, and the latest event. */
public record VoteOutcome(Choice choice, boolean changed, String lastEventId) implements ReflectsEvent {
}
