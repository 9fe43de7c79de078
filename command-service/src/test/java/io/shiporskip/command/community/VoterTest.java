package io.shiporskip.command.community;

import io.shiporskip.contracts.community.VoterReinstated;
import io.shiporskip.contracts.community.VoterSuspended;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.Test;

import static org.axonframework.test.matchers.Matchers.matches;

class VoterTest {

    private final AggregateTestFixture<Voter> fixture = new AggregateTestFixture<>(Voter.class);

    @Test
    void reinstatingASuspendedVoterLiftsTheSuspension() {
        fixture.given(new VoterSuspended("mallory"))
                .when(new ReinstateVoter("mallory"))
                .expectEvents(new VoterReinstated("mallory"))
                .expectResultMessagePayloadMatching(matches(r -> r instanceof VoterStatus s && !s.suspended()));
    }

    @Test
    void reinstatingAnActiveVoterChangesNothing() {
        fixture.given(new VoterSuspended("mallory"), new VoterReinstated("mallory"))
                .when(new ReinstateVoter("mallory"))
                .expectNoEvents();
    }

    @Test
    void reinstatingAVoterNeverSuspendedChangesNothing() {
        fixture.givenNoPriorActivity()
                .when(new ReinstateVoter("alice"))
                .expectNoEvents();
    }
}
