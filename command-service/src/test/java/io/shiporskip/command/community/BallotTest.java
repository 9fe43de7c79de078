package io.shiporskip.command.community;

import io.shiporskip.command.catalog.ToolRegistry;
import io.shiporskip.command.catalog.UnknownTool;
import io.shiporskip.contracts.community.Choice;
import io.shiporskip.contracts.community.VoteCast;
import io.shiporskip.contracts.community.VoteChanged;
import io.shiporskip.contracts.community.VoteRetracted;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class BallotTest {

    private static final String TOOL = "smolvlm-2-5";
    private static final String BALLOT = BallotId.of(TOOL, "alice");

    private AggregateTestFixture<Ballot> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Ballot.class);
        fixture.registerInjectableResource(new ListedTools(Set.of(TOOL)));
    }

    @Test
    void aFirstVoteIsCast() {
        fixture.givenNoPriorActivity()
                .when(new CastVote(TOOL, "alice", Choice.SHIP))
                .expectEvents(new VoteCast(TOOL, "alice", Choice.SHIP))
                .expectResultMessagePayloadMatching(org.axonframework.test.matchers.Matchers.matches(
                        result -> result instanceof VoteOutcome o && o.changed() && o.choice() == Choice.SHIP));
    }

    @Test
    void castingTheSameChoiceTwiceStoresNoEvent() {
        fixture.given(new VoteCast(TOOL, "alice", Choice.SHIP))
                .when(new CastVote(TOOL, "alice", Choice.SHIP))
                .expectNoEvents()
                .expectResultMessagePayloadMatching(org.axonframework.test.matchers.Matchers.matches(
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
    void ballotsOfOneVoterOnTwoToolsAreSeparateStreams() {
        assertThat(BallotId.of("a", "alice")).isNotEqualTo(BallotId.of("b", "alice"));
        assertThat(BallotId.of("a", "b-c:d")).isNotEqualTo(BallotId.of("a-b", "c:d"));
    }

    private record ListedTools(Set<String> ids) implements ToolRegistry {
        @Override
        public boolean isListed(String toolId) {
            return ids.contains(toolId);
        }

        @Override
        public void requireListed(String toolId) {
            if (!isListed(toolId)) {
                throw new UnknownTool(toolId);
            }
        }
    }
}
