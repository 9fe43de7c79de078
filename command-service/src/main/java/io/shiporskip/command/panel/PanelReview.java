package io.shiporskip.command.panel;

import io.shiporskip.command.catalog.ToolRegistry;
import io.shiporskip.contracts.panel.Persona;
import io.shiporskip.contracts.panel.PanelReviewHidden;
import io.shiporskip.contracts.panel.PanelReviewSubmitted;
import io.shiporskip.contracts.panel.PanelReviewUnhidden;
import io.shiporskip.contracts.panel.PanelReviewWithdrawn;
import io.shiporskip.contracts.panel.Verdict;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

import java.util.Objects;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * One persona's take on one tool. Revisions count up across withdrawals (1, 2, 3, ...). Re-submitting the same take
 * stores nothing. A hidden review stays hidden, whatever its revision, until a moderator unhides it.
 */
@Aggregate
class PanelReview {

    @AggregateIdentifier
    private String reviewId;
    private int revision;
    private boolean current;
    private boolean hidden;
    private int score;
    private Verdict verdict;
    private String text;
    private String lastEventId;

    protected PanelReview() {
        // for Axon: created on the first submission
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    ReviewRevision handle(SubmitReview command, ToolRegistry tools) {
        tools.requireListed(command.toolId());
        boolean same = current && score == command.score() && verdict == command.verdict()
                && Objects.equals(text, command.text());
        if (!same) {
            apply(new PanelReviewSubmitted(command.toolId(), command.persona(), command.score(), command.verdict(),
                    command.text(), revision + 1));
        }
        return new ReviewRevision(revision, lastEventId);
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    void handle(WithdrawReview command) {
        requireCurrent(command.toolId(), command.persona());
        apply(new PanelReviewWithdrawn(command.toolId(), command.persona(), revision));
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    ReviewRevision handle(HideReview command) {
        requireCurrent(command.toolId(), command.persona());
        if (!hidden) {
            apply(new PanelReviewHidden(command.toolId(), command.persona()));
        }
        return new ReviewRevision(revision, lastEventId);
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    ReviewRevision handle(UnhideReview command) {
        if (revision == 0) {
            throw new NoReview(command.toolId(), command.persona());
        }
        if (hidden) {
            apply(new PanelReviewUnhidden(command.toolId(), command.persona()));
        }
        return new ReviewRevision(revision, lastEventId);
    }

    private void requireCurrent(String toolId, Persona persona) {
        if (!current) {
            throw new NoReview(toolId, persona);
        }
    }

    @EventSourcingHandler
    void on(PanelReviewSubmitted event, EventMessage<?> message) {
        reviewId = ReviewId.of(event.toolId(), event.persona());
        revision = event.revision();
        current = true;
        score = event.score();
        verdict = event.verdict();
        text = event.text();
        lastEventId = message.getIdentifier();
    }

    @EventSourcingHandler
    void on(PanelReviewWithdrawn event, EventMessage<?> message) {
        current = false;
        lastEventId = message.getIdentifier();
    }

    @EventSourcingHandler
    void on(PanelReviewHidden event, EventMessage<?> message) {
        hidden = true;
        lastEventId = message.getIdentifier();
    }

    @EventSourcingHandler
    void on(PanelReviewUnhidden event, EventMessage<?> message) {
        hidden = false;
        lastEventId = message.getIdentifier();
    }
}
