package io.shiporskip.command.catalog;

import io.shiporskip.command.catalog.ToolRequests.ComparisonAccepted;
import io.shiporskip.command.catalog.ToolRequests.CreateComparisonBody;
import io.shiporskip.command.consistency.Acknowledged;
import io.shiporskip.command.web.Commands;
import io.shiporskip.command.web.Slugs;
import io.shiporskip.support.security.Actor;
import io.shiporskip.support.security.Role;
import jakarta.validation.Valid;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;

@RestController
class ComparisonController {

    private final Commands commands;
    private final EventStore eventStore;

    ComparisonController(Commands commands, EventStore eventStore) {
        this.commands = commands;
        this.eventStore = eventStore;
    }

    @PostMapping("/api/v1/comparisons")
    ResponseEntity<ComparisonAccepted> create(@Valid @RequestBody CreateComparisonBody body, Authentication authentication) {
        String comparisonId = body.id() != null ? body.id() : Slugs.from(body.title());
        if (eventStore.lastSequenceNumberFor(Comparison.streamId(comparisonId)).isPresent()) {
            throw new ComparisonAlreadyExists(comparisonId);
        }
        Acknowledged ack;
        try {
            ack = commands.send(new CreateComparison(comparisonId, body.title(), body.toolIds()),
                    Actor.of(authentication), Role.EDITOR);
        } catch (AggregateStreamCreationException raceLost) {
            throw new ComparisonAlreadyExists(comparisonId);
        }
        return ResponseEntity.created(URI.create("/api/v1/comparisons/" + comparisonId))
                .header(Commands.TOKEN_HEADER, ack.token())
                .body(new ComparisonAccepted(comparisonId, ack.token()));
    }
}
