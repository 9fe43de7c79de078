package io.shiporskip.contracts.community;

import io.shiporskip.contracts.catalog.ToolVotingLocked;
import io.shiporskip.contracts.golden.GoldenSamples;
import io.shiporskip.contracts.versions.EventDecoder;
import io.shiporskip.contracts.versions.PublishedType;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TallyEffectTest {

    @Test
    void each_vote_event_moves_the_counts_of_its_tool_as_the_brief_says() {
        assertThat(TallyEffect.of(new VoteCast("t", "v", Choice.SHIP))).contains(new TallyEffect("t", 1, 0));
        assertThat(TallyEffect.of(new VoteCast("t", "v", Choice.SKIP))).contains(new TallyEffect("t", 0, 1));
        assertThat(TallyEffect.of(new VoteChanged("t", "v", Choice.SHIP, Choice.SKIP))).contains(new TallyEffect("t", -1, 1));
        assertThat(TallyEffect.of(new VoteChanged("t", "v", Choice.SKIP, Choice.SHIP))).contains(new TallyEffect("t", 1, -1));
        assertThat(TallyEffect.of(new VoteRetracted("t", "v", Choice.SHIP))).contains(new TallyEffect("t", -1, 0));
        assertThat(TallyEffect.of(new VoteRetracted("t", "v", Choice.SKIP))).contains(new TallyEffect("t", 0, -1));
        assertThat(TallyEffect.of(new VoteVoided("t", "v", Choice.SHIP))).contains(new TallyEffect("t", -1, 0));
        assertThat(TallyEffect.of(new VoteVoided("t", "v", Choice.SKIP))).contains(new TallyEffect("t", 0, -1));
    }

    @Test
    void other_events_leave_the_tally_alone() {
        assertThat(TallyEffect.of(new ToolVotingLocked("t"))).isEmpty();
        assertThat(TallyEffect.of(new VoterSuspended("v"))).isEmpty();
        assertThat(TallyEffect.of(new ToolBookmarked("v", "t"))).isEmpty();
    }

    @Test
    void golden_vote_samples_decode_to_their_effects() {
        EventDecoder decoder = EventDecoder.standard();
        assertThat(TallyEffect.of(decoder.decode("VoteCast", 1, GoldenSamples.data(new PublishedType("VoteCast", 1)))))
                .contains(new TallyEffect("smolvlm-2-5", 1, 0));
    }

    @Test
    void effects_add_up_per_tool_only() {
        assertThat(new TallyEffect("t", 1, 0).plus(new TallyEffect("t", -1, 1))).isEqualTo(new TallyEffect("t", 0, 1));
        assertThatThrownBy(() -> new TallyEffect("t", 1, 0).plus(new TallyEffect("u", 1, 0)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void the_vote_events_are_named_as_published() {
        assertThat(TallyEffect.voteEventNames()).containsExactly("VoteCast", "VoteChanged", "VoteRetracted", "VoteVoided");
    }
}
