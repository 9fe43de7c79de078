package io.shiporskip.contracts.community;

import io.shiporskip.contracts.ShipOrSkipEvent;

/** A voter saved a tool for later. Private: never shown in audit history. */
public record ToolBookmarked(String toolId, String voterId) implements ShipOrSkipEvent {

    @Override
    public String subject() {
        return toolId;
    }
}
