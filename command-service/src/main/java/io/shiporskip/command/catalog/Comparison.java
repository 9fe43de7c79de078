package io.shiporskip.command.catalog;

import io.shiporskip.contracts.catalog.ComparisonCreated;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import java.util.HashSet;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/** A comparison page: its tools in page order. Its stream id is prefixed so it can never collide with a tool's. */
@Aggregate
class Comparison {

    @AggregateIdentifier
    private String streamId;

    protected Comparison() {
        // for Axon
    }

    static String streamId(String comparisonId) {
        return "comparison:" + comparisonId;
    }

    @CommandHandler
    Comparison(CreateComparison command, ToolRegistry tools) {
        if (command.toolIds().size() < 2 || command.toolIds().size() > 4) {
            throw new InvalidComparison("A comparison has 2 to 4 tools.");
        }
        if (new HashSet<>(command.toolIds()).size() != command.toolIds().size()) {
            throw new InvalidComparison("A comparison's tools must be distinct.");
        }
        command.toolIds().forEach(tools::requireListed);
        apply(new ComparisonCreated(command.comparisonId(), command.title(), command.toolIds()));
    }

    @EventSourcingHandler
    void on(ComparisonCreated event) {
        streamId = streamId(event.comparisonId());
    }
}
