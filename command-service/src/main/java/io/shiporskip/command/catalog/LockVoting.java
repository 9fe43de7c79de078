package io.shiporskip.command.catalog;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Stop community voting on a tool (moderator). */
public record LockVoting(@TargetAggregateIdentifier String toolId) {
}
