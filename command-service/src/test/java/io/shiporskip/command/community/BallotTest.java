package io.shiporskip.command.community;

import io.shiporskip.command.catalog.ToolLocked;
import io.shiporskip.command.catalog.UnknownTool;
import io.shiporskip.command.testing.InMemoryToolRegistry;
import io.shiporskip.command.testing.InMemoryVoterRegistry;
import io.shiporskip.contracts.community.Choice;
import io.shiporskip.contracts.community.VoteCast;
import io.shiporskip.contracts.community.VoteChanged;
import io.shiporskip.contracts.community.VoteRetracted;
import io.shiporskip.contracts.community.VoteVoided;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.axonframework.test.matchers.Matchers.matches;

class BallotTest {

    private static final String TOOL = "smolvlm-2-5";
    private static final String LOCKED_TOOL = "locked-tool";

    private AggregateTestFixture<Ballot> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Ballot.class);
        fixture.registerInjectableResource(new InMemoryToolRegistry().listed(TOOL).locked(LOCKED_TOOL));
        fixture.registerInjectableResource(new InMemoryVoterRegistry().suspended("mallory"));
    }

    @Test
    void aFirstVoteIsCast() {
        fixture.givenNoPriorActivity()
                .when(new CastVote(TOOL, "alice", Choice.SHIP))
                .expectEvents(new VoteCast(TOOL, "alice", Choice.SHIP))
                .expectResultMessagePayloadMatching(matches(
                        result -> result instanceof VoteOutcome o && o.changed() && o.choice() == Choice.SHIP));
    }

    @Test
    void castingTheSameChoiceTwiceStoresNoEvent() {
        fixture.given(new VoteCast(TOOL, "alice", Choice.SHIP))
                .when(new CastVote(TOOL, "alice", Choice.SHIP))
                .expectNoEvents()
                .expectResultMessagePayloadMatching(matches(
                        result -> result instanceof VoteOutcome o && !o.changed() && o.lastEventId() != null));
    }

    @Test
    void castingTheOtherChoiceChangesTheVote() {
        fixture.given(new VoteCast(TOOL, "alice", Choice.SHIP))
                .when(new CastVote(TOOL, "alice", Choice.SKIP))
                .expectEvents(new VoteChanged(TOOL, "alice", Choice.SHIP, Choice.SKIP));
    }

    @Test
    void retractingRemovesTheCurrentVote() {
        fixture.given(new VoteCast(TOOL, "alice", Choice.SHIP), new VoteChanged(TOOL, "alice", Choice.SHIP, Choice.SKIP))
                .when(new RetractVote(TOOL, "alice"))
                .expectEvents(new VoteRetracted(TOOL, "alice", Choice.SKIP));
    }

    @Test
    void aRetractedVoteCanBeCastAgain() {
        fixture.given(new VoteCast(TOOL, "alice", Choice.SHIP), new VoteRetracted(TOOL, "alice", Choice.SHIP))
                .when(new CastVote(TOOL, "alice", Choice.SHIP))
                .expectEvents(new VoteCast(TOOL, "alice", Choice.SHIP));
    }

    @Test
    void retractingWithoutAVoteIsRefused() {
        fixture.givenNoPriorActivity()
                .when(new RetractVote(TOOL, "alice"))
                .expectNoEvents()
                .expectException(NoCurrentVote.class);
    }

    @Test
    void retractingTwiceIsRefusedTheSecondTime() {
        fixture.given(new VoteCast(TOOL, "alice", Choice.SHIP), new VoteRetracted(TOOL, "alice", Choice.SHIP))
                .when(new RetractVote(TOOL, "alice"))
                .expectNoEvents()
                .expectException(NoCurrentVote.class);
    }

    @Test
    void votingOnAnUnknownToolIsRefused() {
        fixture.givenNoPriorActivity()
                .when(new CastVote("no-such-tool", "alice", Choice.SHIP))
                .expectNoEvents()
                .expectException(UnknownTool.class);
    }

    @Test
    void votingOnALockedToolIsRefused() {
        fixture.givenNoPriorActivity()
                .when(new CastVote(LOCKED_TOOL, "alice", Choice.SHIP))
                .expectNoEvents()
                .expectException(ToolLocked.class);
    }

    @Test
    void retractingOnALockedToolIsRefusedToo() {
        fixture.given(new VoteCast(LOCKED_TOOL, "alice", Choice.SHIP))
                .when(new RetractVote(LOCKED_TOOL, "alice"))
                .expectNoEvents()
                .expectException(ToolLocked.class);
    }

    @Test
    void suspendedVoterCannotVote() {
        fixture.givenNoPriorActivity()
                .when(new CastVote(TOOL, "mallory", Choice.SHIP))
                .expectNoEvents()
                .expectException(VoterIsSuspended.class);
    }

    @Test
    void aModeratorVoidsACurrentVote() {
        fixture.given(new VoteCast(TOOL, "alice", Choice.SKIP))
                .when(new VoidVote(TOOL, "alice"))
                .expectEvents(new VoteVoided(TOOL, "alice", Choice.SKIP));
    }

    @Test
    void voidingWithoutACurrentVoteIsRefused() {
        fixture.given(new VoteCast(TOOL, "alice", Choice.SKIP), new VoteVoided(TOOL, "alice", Choice.SKIP))
                .when(new VoidVote(TOOL, "alice"))
                .expectNoEvents()
                .expectException(NoCurrentVote.class);
    }

    @Test
    void aVoidedVoterMayVoteAgainOnceActive() {
        fixture.given(new VoteCast(TOOL, "alice", Choice.SKIP), new VoteVoided(TOOL, "alice", Choice.SKIP))
                .when(new CastVote(TOOL, "alice", Choice.SHIP))
                .expectEvents(new VoteCast(TOOL, "alice", Choice.SHIP));
    }

    @Test
    void ballotsOfOneVoterOnTwoToolsAreSeparateStreams() {
        assertThat(BallotId.of("a", "alice")).isNotEqualTo(BallotId.of("b", "alice"));
        assertThat(BallotId.of("a", "b-c:d")).isNotEqualTo(BallotId.of("a-b", "c:d"));
    }
}
