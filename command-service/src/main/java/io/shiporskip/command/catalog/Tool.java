package io.shiporskip.command.catalog;

import io.shiporskip.contracts.catalog.ToolListed;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/** A tool in the catalog. Its id is its slug; listing the same id twice collides in the event store. */
@Aggregate
class Tool {

    @AggregateIdentifier
    private String toolId;
    private long version;

    protected Tool() {
        // for Axon: rebuilt from events
    }

    @CommandHandler
    Tool(ListTool command) {
        apply(new ToolListed(command.toolId(), command.name(), command.tagline(), command.description(),
                command.category(), command.pricing(), command.bestFor()));
    }

    @EventSourcingHandler
    void on(ToolListed event) {
        toolId = event.toolId();
        version = 1;
    }
}
