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
import io.shiporskip.projector.consumer.Projection;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;

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
        if (event instanceof VoteCast e) {
            setVote(e.voterId(), e.toolId(), e.choice(), at);
        } else if (event instanceof VoteChanged e) {
            setVote(e.voterId(), e.toolId(), e.to(), at);
        } else if (event instanceof VoteRetracted e) {
            removeVote(e.voterId(), e.toolId());
        } else if (event instanceof VoteVoided e) {
            removeVote(e.voterId(), e.toolId());
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

    private void setVote(String voterId, String toolId, Choice choice, Timestamp at) {
        jdbc.sql("""
                INSERT INTO voter_vote (voter_id, tool_id, choice, cast_at) VALUES (?, ?, ?, ?)
                ON CONFLICT (voter_id, tool_id) DO UPDATE SET choice = EXCLUDED.choice, cast_at = EXCLUDED.cast_at
                """).params(voterId, toolId, choice.name(), at).update();
    }

    private void removeVote(String voterId, String toolId) {
        jdbc.sql("DELETE FROM voter_vote WHERE voter_id = ? AND tool_id = ?").params(voterId, toolId).update();
    }
}
