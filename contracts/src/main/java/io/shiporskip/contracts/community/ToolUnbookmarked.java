package io.shiporskip.contracts.community;

import io.shiporskip.contracts.ShipOrSkipEvent;

/** A voter removed a tool from their bookmarks. */
public record ToolUnbookmarked(String toolId, String voterId) implements ShipOrSkipEvent {

    @Override
    public String subject() {
        return toolId;
    }
}
