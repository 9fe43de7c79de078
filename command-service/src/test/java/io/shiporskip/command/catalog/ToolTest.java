package io.shiporskip.command.catalog;

import io.shiporskip.contracts.catalog.FieldChange;
import io.shiporskip.contracts.catalog.Pricing;
import io.shiporskip.contracts.catalog.PricingModel;
import io.shiporskip.contracts.catalog.ToolEdited;
import io.shiporskip.contracts.catalog.ToolListed;
import io.shiporskip.contracts.catalog.ToolVotingLocked;
import io.shiporskip.contracts.catalog.ToolVotingUnlocked;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.axonframework.test.matchers.Matchers.matches;

class ToolTest {

    private static final Pricing FREE = new Pricing(PricingModel.OPEN_SOURCE, "Free", "Open weights (Apache 2.0)");
    private static final ToolListed LISTED = new ToolListed("smolvlm-2-5", "SmolVLM 2.5", "2B-param VLM", "A model.",
            "Developer Tools", FREE, "On-device");

    private final AggregateTestFixture<Tool> fixture = new AggregateTestFixture<>(Tool.class);

    @Test
    void listingAToolRecordsEveryField() {
        fixture.givenNoPriorActivity()
                .when(new ListTool("smolvlm-2-5", "SmolVLM 2.5", "2B-param VLM", "A model.", "Developer Tools",
                        FREE, "On-device"))
                .expectEvents(LISTED);
    }

    @Test
    void anEditRecordsOldAndNewValuesAndBumpsTheVersion() {
        fixture.given(LISTED)
                .when(new EditTool("smolvlm-2-5", null, Map.of("pricing.entry", "Paid", "name", "SmolVLM 2.5",
                        "category", "Models")))
                .expectEvents(new ToolEdited("smolvlm-2-5", 2, List.of(
                        new FieldChange("category", "Developer Tools", "Models"),
                        new FieldChange("pricing.entry", "Free", "Paid"))))
                .expectResultMessagePayloadMatching(matches(r -> r instanceof ToolVersion v && v.version() == 2));
    }

    @Test
    void anEditThatChangesNothingStoresNoEvent() {
        fixture.given(LISTED)
                .when(new EditTool("smolvlm-2-5", 1L, Map.of("name", "SmolVLM 2.5")))
                .expectNoEvents()
                .expectResultMessagePayloadMatching(matches(r -> r instanceof ToolVersion v && v.version() == 1));
    }

    @Test
    void anEditExpectingTheCurrentVersionIsAccepted() {
        fixture.given(LISTED, new ToolEdited("smolvlm-2-5", 2, List.of(new FieldChange("tagline", "2B-param VLM", "Small"))))
                .when(new EditTool("smolvlm-2-5", 2L, Map.of("tagline", "Tiny")))
                .expectEvents(new ToolEdited("smolvlm-2-5", 3, List.of(new FieldChange("tagline", "Small", "Tiny"))));
    }

    @Test
    void anEditExpectingAStaleVersionIsRefused() {
        fixture.given(LISTED, new ToolEdited("smolvlm-2-5", 2, List.of(new FieldChange("tagline", "2B-param VLM", "Small"))))
                .when(new EditTool("smolvlm-2-5", 1L, Map.of("tagline", "Tiny")))
                .expectNoEvents()
                .expectException(StaleVersion.class);
    }

    @Test
    void lockingAndUnlockingVotingDoesNotChangeTheVersion() {
        fixture.given(LISTED)
                .when(new LockVoting("smolvlm-2-5"))
                .expectEvents(new ToolVotingLocked("smolvlm-2-5"))
                .expectResultMessagePayloadMatching(matches(r -> r instanceof ToolVersion v && v.version() == 1));
    }

    @Test
    void lockingALockedToolChangesNothing() {
        fixture.given(LISTED, new ToolVotingLocked("smolvlm-2-5")).when(new LockVoting("smolvlm-2-5")).expectNoEvents();
    }

    @Test
    void unlockingALockedToolOpensVoting() {
        fixture.given(LISTED, new ToolVotingLocked("smolvlm-2-5")).when(new UnlockVoting("smolvlm-2-5"))
                .expectEvents(new ToolVotingUnlocked("smolvlm-2-5"));
    }

    @Test
    void unlockingAnOpenToolChangesNothing() {
        fixture.given(LISTED).when(new UnlockVoting("smolvlm-2-5")).expectNoEvents();
    }
}
