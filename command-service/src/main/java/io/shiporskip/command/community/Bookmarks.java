package io.shiporskip.command.community;

import io.shiporskip.command.catalog.ToolRegistry;
import io.shiporskip.contracts.community.ToolBookmarked;
import io.shiporskip.contracts.community.ToolUnbookmarked;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

import java.util.HashSet;
import java.util.Set;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/** A voter's private set of saved tools. Adding a saved tool or removing an unsaved one changes nothing. */
@Aggregate
class Bookmarks {

    @AggregateIdentifier
    private String streamId;
    private final Set<String> toolIds = new HashSet<>();
    private String lastEventId;

    protected Bookmarks() {
        // for Axon: created on the first bookmark
    }

    static String streamId(String voterId) {
        return "bookmarks:" + voterId;
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    BookmarkSet handle(Bookmark command, ToolRegistry tools) {
        tools.requireListed(command.toolId());
        if (!toolIds.contains(command.toolId())) {
            apply(new ToolBookmarked(command.toolId(), command.voterId()));
        }
        return new BookmarkSet(lastEventId);
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    BookmarkSet handle(Unbookmark command) {
        if (toolIds.contains(command.toolId())) {
            apply(new ToolUnbookmarked(command.toolId(), command.voterId()));
        }
        return new BookmarkSet(lastEventId);
    }

    @EventSourcingHandler
    void on(ToolBookmarked event, EventMessage<?> message) {
        streamId = streamId(event.voterId());
        toolIds.add(event.toolId());
        lastEventId = message.getIdentifier();
    }

    @EventSourcingHandler
    void on(ToolUnbookmarked event, EventMessage<?> message) {
        toolIds.remove(event.toolId());
        lastEventId = message.getIdentifier();
    }
}
