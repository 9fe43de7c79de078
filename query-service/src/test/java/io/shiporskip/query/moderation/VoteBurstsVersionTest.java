package io.shiporskip.query.moderation;

import io.shiporskip.contracts.versions.EventDecoder;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link VoteBursts} reads the choice of vote rows in SQL ({@code data->>'choice'}, {@code data->>'to'}), the field
 * names of VoteCast.v1 and VoteChanged.v1, to count in the database rather than in Java. This fails the day either
 * type gets a new version, so that the queries are changed with it (docs/events.md, "how to change an event").
 */
class VoteBurstsVersionTest {

    @Test
    void the_vote_types_vote_bursts_reads_in_sql_are_still_at_version_1() {
        EventDecoder published = EventDecoder.standard();
        assertThat(published.currentVersion("VoteCast")).as("VoteCast: update VoteBursts' SQL").isEqualTo(1);
        assertThat(published.currentVersion("VoteChanged")).as("VoteChanged: update VoteBursts' SQL").isEqualTo(1);
    }
}
