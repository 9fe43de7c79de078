package io.shiporskip.command.community;

import io.shiporskip.command.eventstore.LockNames;
import io.shiporskip.command.eventstore.UnitOfWorkLocks;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * A cast's or retract's two shared locks, the voter's then the tool's, and the reads under them, in one statement:
 * the SQL function {@code lock_for_vote} (db/migration V7). The answers are kept for the unit of work exactly as
 * {@link VoterRegistry#lockShared} and {@code ToolRegistry.lockShared} keep theirs, so the {@code Ballot}'s rules
 * ({@code requireActive}, {@code requireVotable}) read them without another round trip. One statement where there
 * were four (two locks, two reads).
 */
@Component
class VoteLocks {

    private final JdbcClient jdbc;

    VoteLocks(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void lockForVote(String voterId, String toolId) {
        UnitOfWorkLocks.sharedInOneStatement(LockNames.voter(voterId), LockNames.tool(toolId), () ->
                jdbc.sql("SELECT suspended, locked FROM lock_for_vote(?, ?)").params(voterId, toolId)
                        .query((rs, n) -> new UnitOfWorkLocks.Read(rs.getBoolean(1), (Boolean) rs.getObject(2)))
                        .single());
    }
}
