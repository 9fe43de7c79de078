package io.shiporskip.command.community;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Remove a tool from a voter's bookmarks. */
public record Unbookmark(String voterId, String toolId) {

    @TargetAggregateIdentifier
    public String streamId() {
        return Bookmarks.streamId(voterId);
    }
}
