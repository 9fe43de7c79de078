package io.shiporskip.command.catalog;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.List;

/** Put 2 to 4 distinct listed tools side by side under a title. */
public record CreateComparison(String comparisonId, String title, List<String> toolIds) {

    @TargetAggregateIdentifier
    public String streamId() {
        return Comparison.streamId(comparisonId);
    }
}
