package io.shiporskip.contracts.catalog;

import io.shiporskip.contracts.ShipOrSkipEvent;

import java.util.List;

/** An editor changed some of a tool's fields; {@code version} is the tool's version after the edit (2, 3, ...). */
public record ToolEdited(String toolId, long version, List<FieldChange> changes) implements ShipOrSkipEvent {

    @Override
    public String subject() {
        return toolId;
    }
}
