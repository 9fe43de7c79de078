package io.shiporskip.projector.voters;

import io.shiporskip.contracts.ShipOrSkipEvent;
import io.shiporskip.contracts.cloudevents.CloudEvent;
import io.shiporskip.contracts.community.ToolBookmarked;
import io.shiporskip.contracts.community.ToolUnbookmarked;
import io.shiporskip.contracts.community.VoteCast;
import io.shiporskip.contracts.community.VoteChanged;
import io.shiporskip.contracts.community.VoteRetracted;
import io.shiporskip.contracts.community.VoteVoided;
import io.shiporskip.projector.consumer.Applied;
import io.shiporskip.projector.consumer.Projection;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Keeps {@code voter_vote} and {@code voter_bookmark}. */
@Component
@Order(40)
class VoterViewsProjection implements Projection {

    private final JdbcClient jdbc;

    VoterViewsProjection(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void apply(ShipOrSkipEvent event, CloudEvent envelope) {
        Timestamp at = envelope.time() == null ? null : Timestamp.from(envelope.time());
        if (new Applied(event, envelope).isVote()) {
            applyVotes(List.of(new Applied(event, envelope)));
        } else if (event instanceof ToolBookmarked e) {
            jdbc.sql("""
                    INSERT INTO voter_bookmark (voter_id, tool_id, bookmarked_at) VALUES (?, ?, ?)
                    ON CONFLICT (voter_id, tool_id) DO NOTHING
                    """).params(e.voterId(), e.toolId(), at).update();
        } else if (event instanceof ToolUnbookmarked e) {
            jdbc.sql("DELETE FROM voter_bookmark WHERE voter_id = ? AND tool_id = ?").params(e.voterId(), e.toolId())
                    .update();
        }
    }

    /**
     * A run of votes: only each (voter, tool)'s latest event (by event-store position) decides what the view holds, and
     * only where it is newer than what the row holds already (db/generation V5: a ballot's events can arrive out of
     * order after a topic was recreated). A cast or change leaves its choice, a retraction or void a row without one.
     * One statement per run.
     */
    @Override
    public void applyVotes(List<Applied> votes) {
        Map<List<String>, Applied> latest = new TreeMap<>(Comparator.comparing((List<String> k) -> k.get(0))
                .thenComparing(k -> k.get(1)));
        for (Applied vote : votes) {
            latest.merge(List.of(voterOf(vote.event()), vote.event().subject()), vote,
                    (held, next) -> isNewer(next, held) ? next : held);
        }
        int n = latest.size();
        String[] voters = new String[n];
        String[] tools = new String[n];
        String[] choices = new String[n];
        String[] times = new String[n];
        Long[] positions = new Long[n];
        int i = 0;
        for (var entry : latest.entrySet()) {
            ShipOrSkipEvent event = entry.getValue().event();
            Instant at = entry.getValue().envelope().time();
            voters[i] = entry.getKey().get(0);
            tools[i] = entry.getKey().get(1);
            choices[i] = event instanceof VoteCast e ? e.choice().name()
                    : event instanceof VoteChanged e ? e.to().name() : null;
            times[i] = choices[i] == null || at == null ? null : at.toString();
            positions[i] = entry.getValue().envelope().position();
            i++;
        }
        jdbc.sql("""
                INSERT INTO voter_vote (voter_id, tool_id, choice, cast_at, position)
                SELECT * FROM unnest(?::text[], ?::varchar[], ?::varchar[], ?::timestamptz[], ?::bigint[])
                ON CONFLICT (voter_id, tool_id) DO UPDATE
                    SET choice = EXCLUDED.choice, cast_at = EXCLUDED.cast_at, position = EXCLUDED.position
                    WHERE voter_vote.position IS NULL OR EXCLUDED.position IS NULL
                       OR voter_vote.position < EXCLUDED.position
                """).params(voters, tools, choices, times, positions).update();
    }

    /** Later in the event store; an event without a position (none is published so) counts as later. */
    private static boolean isNewer(Applied candidate, Applied than) {
        Long a = candidate.envelope().position();
        Long b = than.envelope().position();
        return a == null || b == null || a > b;
    }

    private static String voterOf(ShipOrSkipEvent event) {
        if (event instanceof VoteCast e) {
            return e.voterId();
        } else if (event instanceof VoteChanged e) {
            return e.voterId();
        } else if (event instanceof VoteRetracted e) {
            return e.voterId();
        } else if (event instanceof VoteVoided e) {
            return e.voterId();
        }
        throw new IllegalArgumentException("not a vote: " + event.getClass().getSimpleName());
    }

    private static String[] column(List<String[]> rows, int index) {
        return rows.stream().map(row -> row[index]).toArray(String[]::new);
    }
}
