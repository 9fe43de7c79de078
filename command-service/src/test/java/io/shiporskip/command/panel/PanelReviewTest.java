package io.shiporskip.command.panel;

import io.shiporskip.command.catalog.UnknownTool;
import io.shiporskip.command.testing.InMemoryToolRegistry;
import io.shiporskip.contracts.panel.PanelReviewHidden;
import io.shiporskip.contracts.panel.PanelReviewSubmitted;
import io.shiporskip.contracts.panel.PanelReviewUnhidden;
import io.shiporskip.contracts.panel.PanelReviewWithdrawn;
import io.shiporskip.contracts.panel.Persona;
import io.shiporskip.contracts.panel.Verdict;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.axonframework.test.matchers.Matchers.matches;

class PanelReviewTest {

    private static final String TOOL = "smolvlm-2-5";
    private static final PanelReviewSubmitted FIRST =
            new PanelReviewSubmitted(TOOL, Persona.BUILDER, 88, Verdict.SHIP, "Clean primitive.", 1);

    private AggregateTestFixture<PanelReview> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(PanelReview.class);
        fixture.registerInjectableResource(new InMemoryToolRegistry().listed(TOOL));
    }

    @Test
    void aFirstTakeIsRevisionOne() {
        fixture.givenNoPriorActivity()
                .when(new SubmitReview(TOOL, Persona.BUILDER, 88, Verdict.SHIP, "Clean primitive."))
                .expectEvents(FIRST)
                .expectResultMessagePayloadMatching(matches(r -> r instanceof ReviewRevision v && v.revision() == 1));
    }

    @Test
    void aRevisedTakeIsTheNextRevision() {
        fixture.given(FIRST)
                .when(new SubmitReview(TOOL, Persona.BUILDER, 60, Verdict.SKIP, "Changed my mind."))
                .expectEvents(new PanelReviewSubmitted(TOOL, Persona.BUILDER, 60, Verdict.SKIP, "Changed my mind.", 2));
    }

    @Test
    void submittingTheSameTakeAgainStoresNothing() {
        fixture.given(FIRST)
                .when(new SubmitReview(TOOL, Persona.BUILDER, 88, Verdict.SHIP, "Clean primitive."))
                .expectNoEvents()
                .expectResultMessagePayloadMatching(matches(r -> r instanceof ReviewRevision v && v.revision() == 1));
    }

    @Test
    void withdrawingRemovesTheTake() {
        fixture.given(FIRST).when(new WithdrawReview(TOOL, Persona.BUILDER))
                .expectEvents(new PanelReviewWithdrawn(TOOL, Persona.BUILDER, 1));
    }

    @Test
    void withdrawingWithoutATakeIsRefused() {
        fixture.givenNoPriorActivity().when(new WithdrawReview(TOOL, Persona.BUILDER))
                .expectNoEvents().expectException(NoReview.class);
    }

    @Test
    void revisionsKeepCountingAfterAWithdrawal() {
        fixture.given(FIRST, new PanelReviewWithdrawn(TOOL, Persona.BUILDER, 1))
                .when(new SubmitReview(TOOL, Persona.BUILDER, 88, Verdict.SHIP, "Clean primitive."))
                .expectEvents(new PanelReviewSubmitted(TOOL, Persona.BUILDER, 88, Verdict.SHIP, "Clean primitive.", 2));
    }

    @Test
    void aModeratorHidesAndUnhidesATake() {
        fixture.given(FIRST).when(new HideReview(TOOL, Persona.BUILDER))
                .expectEvents(new PanelReviewHidden(TOOL, Persona.BUILDER));
        fixture.given(FIRST, new PanelReviewHidden(TOOL, Persona.BUILDER)).when(new UnhideReview(TOOL, Persona.BUILDER))
                .expectEvents(new PanelReviewUnhidden(TOOL, Persona.BUILDER));
    }

    @Test
    void hidingAHiddenTakeChangesNothing() {
        fixture.given(FIRST, new PanelReviewHidden(TOOL, Persona.BUILDER)).when(new HideReview(TOOL, Persona.BUILDER))
                .expectNoEvents();
    }

    @Test
    void hidingANonexistentTakeIsRefused() {
        fixture.givenNoPriorActivity().when(new HideReview(TOOL, Persona.PM))
                .expectNoEvents().expectException(NoReview.class);
    }

    @Test
    void reviewingAnUnknownToolIsRefused() {
        fixture.givenNoPriorActivity().when(new SubmitReview("nope", Persona.PM, 50, Verdict.SHIP, "x"))
                .expectNoEvents().expectException(UnknownTool.class);
    }
}
