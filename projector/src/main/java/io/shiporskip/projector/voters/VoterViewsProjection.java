package io.shiporskip.projector.voters;

import io.shiporskip.contracts.ShipOrSkipEvent;
import io.shiporskip.contracts.cloudevents.CloudEvent;
import io.shiporskip.contracts.community.Choice;
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
import java.util.ArrayList;
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
     * A run of votes: only each (voter, tool)'s last event decides what the view holds, so one upsert for those that
     * end with a vote and one delete for those that end without.
     */
    @Override
    public void applyVotes(List<Applied> votes) {
        Map<List<String>, Applied> last = new TreeMap<>(Comparator.comparing((List<String> k) -> k.get(0))
                .thenComparing(k -> k.get(1)));
        for (Applied vote : votes) {
            last.put(List.of(voterOf(vote.event()), vote.event().subject()), vote);
        }
        List<String[]> kept = new ArrayList<>();
        List<String[]> removed = new ArrayList<>();
        for (var entry : last.entrySet()) {
            ShipOrSkipEvent event = entry.getValue().event();
            Instant at = entry.getValue().envelope().time();
            String voter = entry.getKey().get(0);
            String tool = entry.getKey().get(1);
            if (event instanceof VoteCast e) {
                kept.add(new String[] {voter, tool, e.choice().name(), at == null ? null : at.toString()});
            } else if (event instanceof VoteChanged e) {
                kept.add(new String[] {voter, tool, e.to().name(), at == null ? null : at.toString()});
            } else {
                removed.add(new String[] {voter, tool});
            }
        }
        if (!kept.isEmpty()) {
            jdbc.sql("""
                    INSERT INTO voter_vote (voter_id, tool_id, choice, cast_at)
                    SELECT * FROM unnest(?::text[], ?::varchar[], ?::varchar[], ?::timestamptz[])
                    ON CONFLICT (voter_id, tool_id) DO UPDATE SET choice = EXCLUDED.choice, cast_at = EXCLUDED.cast_at
                    """).params(column(kept, 0), column(kept, 1), column(kept, 2), column(kept, 3)).update();
        }
        if (!removed.isEmpty()) {
            jdbc.sql("""
                    DELETE FROM voter_vote WHERE (voter_id, tool_id) IN (SELECT * FROM unnest(?::text[], ?::varchar[]))
                    """).params(column(removed, 0), column(removed, 1)).update();
        }
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
