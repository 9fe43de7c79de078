package io.shiporskip.command.catalog;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Open community voting on a tool again (moderator). */
public record UnlockVoting(@TargetAggregateIdentifier String toolId) {
}
