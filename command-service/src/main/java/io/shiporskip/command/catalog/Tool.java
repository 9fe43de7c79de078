package io.shiporskip.command.catalog;

import io.shiporskip.contracts.catalog.FieldChange;
import io.shiporskip.contracts.catalog.ToolEdited;
import io.shiporskip.contracts.catalog.ToolListed;
import io.shiporskip.contracts.catalog.ToolVotingLocked;
import io.shiporskip.contracts.catalog.ToolVotingUnlocked;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import java.util.List;
import java.util.Map;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * A tool in the catalog. Its id is its slug; listing the same id twice collides in the event store. Its version
 * counts accepted edits (1 when listed); locking does not change it.
 */
@Aggregate
class Tool {

    @AggregateIdentifier
    private String toolId;
    private long version;
    private Map<String, String> fields;
    private boolean locked;
    private String lastEventId;

    protected Tool() {
        // for Axon: rebuilt from events
    }

    @CommandHandler
    Tool(ListTool command) {
        apply(new ToolListed(command.toolId(), command.name(), command.tagline(), command.description(),
                command.category(), command.pricing(), command.bestFor()));
    }

    @CommandHandler
    ToolVersion handle(EditTool command) {
        if (command.expectedVersion() != null && command.expectedVersion() != version) {
            throw new StaleVersion(toolId, command.expectedVersion(), version);
        }
        List<FieldChange> changes = ToolFields.changes(fields, command.fields());
        if (!changes.isEmpty()) {
            apply(new ToolEdited(toolId, version + 1, changes));
        }
        return new ToolVersion(version, lastEventId);
    }

    @CommandHandler
    ToolVersion handle(LockVoting command) {
        if (!locked) {
            apply(new ToolVotingLocked(toolId));
        }
        return new ToolVersion(version, lastEventId);
    }

    @CommandHandler
    ToolVersion handle(UnlockVoting command) {
        if (locked) {
            apply(new ToolVotingUnlocked(toolId));
        }
        return new ToolVersion(version, lastEventId);
    }

    @EventSourcingHandler
    void on(ToolListed event, EventMessage<?> message) {
        toolId = event.toolId();
        version = 1;
        fields = ToolFields.of(event);
        lastEventId = message.getIdentifier();
    }

    @EventSourcingHandler
    void on(ToolEdited event, EventMessage<?> message) {
        version = event.version();
        event.changes().forEach(change -> fields.put(change.field(), change.to()));
        lastEventId = message.getIdentifier();
    }

    @EventSourcingHandler
    void on(ToolVotingLocked event, EventMessage<?> message) {
        locked = true;
        lastEventId = message.getIdentifier();
    }

    @EventSourcingHandler
    void on(ToolVotingUnlocked event, EventMessage<?> message) {
        locked = false;
        lastEventId = message.getIdentifier();
    }
}
