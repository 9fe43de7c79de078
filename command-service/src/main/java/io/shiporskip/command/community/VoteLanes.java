package io.shiporskip.command.community;

import io.shiporskip.command.groupcommit.GroupCommitRouting;
import org.axonframework.commandhandling.CommandMessage;
import org.springframework.stereotype.Component;

/**
 * Casts and retractions share transactions (group commit); a ballot's commands always take the same lane. Both are
 * batchable because {@link Ballot} decides every rejection (suspended, locked, unknown tool, no current vote) before it
 * applies an event. Voids stay alone: they run inside a suspension's transaction.
 */
@Component
class VoteLanes implements GroupCommitRouting {

    @Override
    public boolean batchable(CommandMessage<?> command) {
        Object payload = command.getPayload();
        return payload instanceof CastVote || payload instanceof RetractVote;
    }

    @Override
    public Object laneKey(CommandMessage<?> command) {
        Object payload = command.getPayload();
        if (payload instanceof CastVote cast) {
            return cast.ballotId();
        }
        return ((RetractVote) payload).ballotId();
    }
}
