package io.shiporskip.command.community;

import io.shiporskip.command.eventstore.CommandSideLookups;
import io.shiporskip.command.eventstore.LockNames;
import io.shiporskip.command.eventstore.UnitOfWorkLocks;
import io.shiporskip.contracts.community.Choice;
import io.shiporskip.contracts.community.VoteCast;
import io.shiporskip.contracts.community.VoteChanged;
import io.shiporskip.contracts.community.VoteRetracted;
import io.shiporskip.contracts.community.VoteVoided;
import io.shiporskip.contracts.community.VoterReinstated;
import io.shiporskip.contracts.community.VoterSuspended;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * The voter registry in {@code voter_registry} (suspended voters; a voter without a row is active) and
 * {@code current_vote}, kept in the commands' own transactions. Votes and suspensions of one voter are ordered by the
 * voter's lock ({@link UnitOfWorkLocks}).
 */
@Component
@ProcessingGroup(CommandSideLookups.PROCESSING_GROUP)
class JdbcVoterRegistry implements VoterRegistry {

    private final JdbcClient jdbc;

    JdbcVoterRegistry(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public boolean lockShared(String voterId) {
        return UnitOfWorkLocks.shared(jdbc, lockName(voterId), () ->
                jdbc.sql("SELECT suspended FROM voter_registry WHERE voter_id = ?").param(voterId)
                        .query(Boolean.class).optional().orElse(false));
    }

    @Override
    public void lockForSuspension(String voterId) {
        UnitOfWorkLocks.exclusive(jdbc, lockName(voterId));
    }

    /** The name of the voter's lock (docs/architecture.md, "Lock order"). */
    private static String lockName(String voterId) {
        return LockNames.voter(voterId);
    }

    @Override
    public List<CurrentVote> currentVotes(String voterId) {
        return jdbc.sql("SELECT tool_id, choice FROM current_vote WHERE voter_id = ? ORDER BY tool_id").param(voterId)
                .query((rs, n) -> new CurrentVote(rs.getString("tool_id"), Choice.valueOf(rs.getString("choice"))))
                .list();
    }


    @EventHandler
    void on(VoteCast event) {
        setCurrent(event.voterId(), event.toolId(), event.choice());
    }

    @EventHandler
    void on(VoteChanged event) {
        setCurrent(event.voterId(), event.toolId(), event.to());
    }

    @EventHandler
    void on(VoteRetracted event) {
        removeCurrent(event.voterId(), event.toolId());
    }

    @EventHandler
    void on(VoteVoided event) {
        removeCurrent(event.voterId(), event.toolId());
    }

    @EventHandler
    void on(VoterSuspended event) {
        setSuspended(event.voterId(), true);
    }

    @EventHandler
    void on(VoterReinstated event) {
        setSuspended(event.voterId(), false);
    }

    private void setCurrent(String voterId, String toolId, Choice choice) {
        jdbc.sql("""
                INSERT INTO current_vote (voter_id, tool_id, choice) VALUES (?, ?, ?)
                ON CONFLICT (voter_id, tool_id) DO UPDATE SET choice = EXCLUDED.choice
                """).params(voterId, toolId, choice.name()).update();
    }

    private void removeCurrent(String voterId, String toolId) {
        jdbc.sql("DELETE FROM current_vote WHERE voter_id = ? AND tool_id = ?").params(voterId, toolId).update();
    }

    private void setSuspended(String voterId, boolean suspended) {
        jdbc.sql("""
                INSERT INTO voter_registry (voter_id, suspended) VALUES (?, ?)
                ON CONFLICT (voter_id) DO UPDATE SET suspended = EXCLUDED.suspended
                """).params(voterId, suspended).update();
    }
}
