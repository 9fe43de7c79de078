package io.shiporskip.contracts.catalog;

import io.shiporskip.contracts.ShipOrSkipEvent;

import java.util.List;

/** An editor put 2 to 4 distinct tools side by side, in the order the page shows them. */
public record ComparisonCreated(String comparisonId, String title, List<String> toolIds) implements ShipOrSkipEvent {

    @Override
    public String subject() {
        return comparisonId;
    }
}
