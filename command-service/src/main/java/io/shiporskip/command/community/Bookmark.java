package io.shiporskip.command.community;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Add a tool to a voter's bookmarks. */
public record Bookmark(String voterId, String toolId) {

    @TargetAggregateIdentifier
    public String streamId() {
        return Bookmarks.streamId(voterId);
    }
}
