package io.shiporskip.command.community;

import io.shiporskip.command.catalog.LockVoting;
import io.shiporskip.command.catalog.ToolRegistry;
import io.shiporskip.command.catalog.UnlockVoting;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.stereotype.Component;

/**
 * The write side's one lock order (docs/architecture.md, "Lock order"), for the commands that take the registry
 * locks: the voter's lock, then the tool's, and only then Axon's in-JVM lock on the aggregate, which Axon takes when
 * the handler loads it. Without this a vote held its ballot's JVM lock while waiting for the voter's row lock, and a
 * suspension held that row ({@code FOR UPDATE}) while waiting for the ballot's JVM lock: a deadlock across the JVM and
 * the database that neither detector sees (votes and suspensions hung until Axon's 30 s handler timeout: 500s).
 * <p>
 * Runs inside the command's transaction (Axon's command bus attaches it to the unit of work before any interceptor),
 * before the handler. Registered on the command bus by Axon's {@code InterceptorAutoConfiguration}, as every
 * {@code MessageHandlerInterceptor} bean of commands is.
 */
@Component
class WriteLockOrder implements MessageHandlerInterceptor<CommandMessage<?>> {

    private final VoterRegistry voters;
    private final ToolRegistry tools;
    private final VoteLocks voteLocks;

    WriteLockOrder(VoterRegistry voters, ToolRegistry tools, VoteLocks voteLocks) {
        this.voters = voters;
        this.tools = tools;
        this.voteLocks = voteLocks;
    }

    @Override
    public Object handle(UnitOfWork<? extends CommandMessage<?>> unitOfWork, InterceptorChain chain) throws Exception {
        Object command = unitOfWork.getMessage().getPayload();
        // only locks here; the rules (suspended, locked, unknown) stay with the aggregates, which read these answers
        if (command instanceof CastVote vote) {
            // the voter's then the tool's, in one round trip (db/migration V7)
            voteLocks.lockForVote(vote.voterId(), vote.toolId());
        } else if (command instanceof RetractVote retract) {
            voteLocks.lockForVote(retract.voterId(), retract.toolId());
        } else if (command instanceof VoidVote voidVote) {
            // shared: a void and a suspension of the same voter are ordered by the row, not by the ballot's JVM lock
            voters.lockShared(voidVote.voterId());
        } else if (command instanceof SuspendVoter suspend) {
            voters.lockForSuspension(suspend.voterId());
        } else if (command instanceof ReinstateVoter reinstate) {
            voters.lockForSuspension(reinstate.voterId());
        } else if (command instanceof LockVoting lock) {
            tools.lockExclusive(lock.toolId());
        } else if (command instanceof UnlockVoting unlock) {
            tools.lockExclusive(unlock.toolId());
        }
        return chain.proceed();
    }
}
