package io.shiporskip.command.groupcommit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.shiporskip.support.problems.RejectedException;
import io.shiporskip.support.transients.DatabaseUnreachable;
import org.axonframework.commandhandling.CommandCallback;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.GenericCommandResultMessage;
import org.axonframework.commandhandling.SimpleCommandBus;
import org.axonframework.common.Registration;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.messaging.DefaultInterceptorChain;
import org.axonframework.messaging.MessageHandler;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.ResultMessage;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.RollbackConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Axon's {@link SimpleCommandBus}, except that batchable commands ({@link GroupCommitRouting}) are handed to a lane
 * that handles whatever has queued up in one {@link BatchingUnitOfWork} and one transaction: one commit, one WAL
 * flush, for all of them. Each command still passes the bus's handler interceptors (correlation data, the lock order,
 * the acknowledgement) and its own handler, one after another, on the lane's thread; the caller is answered only after
 * the transaction committed (the gateway waits for the callback).
 * <p>
 * What keeps every guarantee (docs/architecture.md, "Group commit of votes"):
 * <ul>
 *   <li>a rejection ({@link RejectedException}) answers its own command and the rest of the batch goes on: the
 *       batchable handlers throw rejections before applying any event, so the rejected command stored nothing;</li>
 *   <li>any other failure, in a handler or at the commit (a lost race on an aggregate's sequence number, a deadlock,
 *       the database gone), rolls the whole batch back, so nothing of it is stored. The command whose handler failed
 *       answers that failure; every other command is run again on its own, exactly as {@link SimpleCommandBus} would
 *       have run it (re-decided on the current state, answered by itself), except after a commit lost because the
 *       database is gone (the connection lost, the server down), which is answered to all of them at once
 *       (rejections too: one may rest on an earlier vote of the batch that was never stored);</li>
 *   <li>two commands of one aggregate in a batch share the aggregate Axon loaded for the unit of work: the second is
 *       decided on the state the first left.</li>
 * </ul>
 * A lone command (a batch of one) takes the plain path. Lanes never wait to fill a batch: a command waits only for
 * the batch before it, which is when the next one gathers.
 */
public class GroupCommitCommandBus extends SimpleCommandBus implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(GroupCommitCommandBus.class);

    /** A rejection answers its own command; anything else undoes the whole batch. */
    private static final RollbackConfiguration BATCH_ROLLBACK = failure -> !(failure instanceof RejectedException);

    private final TransactionManager transactionManager;
    private final GroupCommitRouting routing;
    private final List<MessageHandlerInterceptor<? super CommandMessage<?>>> handlerInterceptors =
            new CopyOnWriteArrayList<>();
    private final List<Lane> lanes = new ArrayList<>();
    private final DistributionSummary batchSizes;
    private final Counter rerunBatches;

    public GroupCommitCommandBus(SimpleCommandBus.Builder builder, TransactionManager transactionManager,
                                 GroupCommitProperties properties, GroupCommitRouting routing, MeterRegistry meters) {
        super(builder);
        this.transactionManager = transactionManager;
        this.routing = routing;
        this.batchSizes = DistributionSummary.builder("shiporskip.group.commit.batch.size")
                .description("Commands per group-commit transaction (1: a lone command, handled as by Axon's bus)")
                .baseUnit("commands").register(meters);
        this.rerunBatches = Counter.builder("shiporskip.group.commit.reruns")
                .description("Batches rolled back whole (a lost race, a deadlock, a database failure) whose commands "
                        + "were then run one by one").register(meters);
        for (int i = 0; i < properties.lanes(); i++) {
            lanes.add(new Lane("vote-lane-" + i, properties.maxBatch(), this::handleBatch));
        }
        Gauge.builder("shiporskip.group.commit.queued", lanes, all -> all.stream().mapToInt(Lane::queued).sum())
                .description("Commands waiting in the lanes for the next batch").baseUnit("commands").register(meters);
    }

    @Override
    public Registration registerHandlerInterceptor(
            MessageHandlerInterceptor<? super CommandMessage<?>> handlerInterceptor) {
        Registration registration = super.registerHandlerInterceptor(handlerInterceptor);
        handlerInterceptors.add(handlerInterceptor);
        return () -> {
            handlerInterceptors.remove(handlerInterceptor);
            return registration.cancel();
        };
    }

    @Override
    protected <C, R> void handle(CommandMessage<C> command, MessageHandler<? super CommandMessage<?>> handler,
                                 CommandCallback<? super C, ? super R> callback) {
        // a command sent from inside another's unit of work belongs to that transaction, not to a batch
        if (routing.batchable(command) && !CurrentUnitOfWork.isStarted()) {
            Lane lane = lanes.get(Math.floorMod(routing.laneKey(command).hashCode(), lanes.size()));
            if (lane.offer(new Pending<>(command, handler, callback))) {
                return;
            }
        }
        super.handle(command, handler, callback);
    }

    /** Runs on a lane's thread; every command of the batch is answered, whatever happens. */
    private void handleBatch(List<Pending<?, ?>> batch) {
        try {
            handleTogether(batch);
        } catch (RuntimeException | Error unexpected) {
            batch.forEach(pending -> pending.failIfUnanswered(unexpected));
            throw unexpected;
        }
    }

    private void handleTogether(List<Pending<?, ?>> batch) {
        batchSizes.record(batch.size());
        if (batch.size() == 1) {
            batch.get(0).handleAlone(this);
            return;
        }
        List<CommandMessage<?>> messages = batch.stream().<CommandMessage<?>>map(Pending::command).toList();
        BatchingUnitOfWork<CommandMessage<?>> unitOfWork = new BatchingUnitOfWork<>(messages);
        unitOfWork.start();
        try {
            unitOfWork.attachTransaction(transactionManager);
        } catch (RuntimeException noTransaction) {
            // attachTransaction has rolled the unit of work back already (a second rollback throws); every command
            // gets the failure Axon's plain path gives its caller, at once rather than one connection timeout each
            batch.forEach(pending -> pending.failIfUnanswered(noTransaction));
            return;
        }
        int[] next = {0};
        ResultMessage<?> outcome = unitOfWork.executeWithResult(() -> {
            Pending<?, ?> pending = batch.get(next[0]++);
            return pending.proceed(new DefaultInterceptorChain<>(unitOfWork, handlerInterceptors, pending.handler()));
        }, BATCH_ROLLBACK);
        if (unitOfWork.isRolledBack()) {
            // what rolled the batch back is what executeWithResult answers (the handler's failure, or the commit's).
            // Not getExecutionResult(): that is the result of whichever command the rollback's handlers visited last
            // (in reverse order: the first), which may be a rejection of its own — answering that to the whole batch
            // gave casts a retraction's 404 (RacesIT, GroupCommitIT's lost race after a rejection)
            rerunAlone(batch, outcome.optionalExceptionResult().orElse(null));
            return;
        }
        batch.forEach(Pending::answer);
    }

    /**
     * After a rollback of the whole batch: the command whose handler failed (not a rejection: a statement timeout, a
     * deadlock victim, a JVM lock given up) answers that failure, as it would have alone (the caller's retry decides
     * what is transient), so a hung statement costs one timeout, not two; every other command runs again alone. A
     * failed commit names no command: each runs again alone (a lost race, a deadlock, a statement timeout waiting for
     * another writer's row on one ballot: the others must not answer it), unless the database is gone, which would
     * fail each of them again, one connection timeout after the other on this lane's thread: then all answer it at
     * once, as each would have alone, and each caller's retry decides.
     */
    private void rerunAlone(List<Pending<?, ?>> batch, Throwable cause) {
        rerunBatches.increment();
        log.debug("a batch of {} rolled back ({}); running its commands one by one", batch.size(), String.valueOf(cause));
        boolean handlerFailed = batch.stream().anyMatch(Pending::failedInItsHandler);
        // one command's failure is never another's answer unless the database is gone for all of them alike
        boolean answerAll = !handlerFailed && cause != null && DatabaseUnreachable.connectionGone(cause);
        for (Pending<?, ?> pending : batch) {
            if (pending.failedInItsHandler()) {
                pending.answer();
            } else if (answerAll) {
                // a rejection too: it may rest on an earlier vote of this batch that was never stored (a retraction
                // refused because the batch's own retraction came first), so it is no answer once the batch is gone
                pending.failIfUnanswered(cause);
            } else {
                pending.handleAlone(this);
            }
        }
    }

    /** The plain path of Axon's bus for one command: its own unit of work and transaction. */
    private <C, R> void handleAlone(CommandMessage<C> command, MessageHandler<? super CommandMessage<?>> handler,
                                    CommandCallback<? super C, ? super R> callback) {
        super.handle(command, handler, callback);
    }

    /**
     * Stops taking commands into lanes (later ones run on the caller's thread, as with Axon's bus) and waits for the
     * lanes to finish what they hold: nothing queued is dropped.
     */
    @Override
    public void close() throws InterruptedException {
        lanes.forEach(Lane::stop);
        for (Lane lane : lanes) {
            lane.awaitStopped();
        }
    }

    /** A command waiting in a lane, with what it answered once handled in a batch. */
    static final class Pending<C, R> {
        private final CommandMessage<C> command;
        private final MessageHandler<? super CommandMessage<?>> handler;
        private final CommandCallback<? super C, ? super R> callback;
        private Object result;
        private Throwable failure;
        private boolean answered;

        Pending(CommandMessage<C> command, MessageHandler<? super CommandMessage<?>> handler,
                CommandCallback<? super C, ? super R> callback) {
            this.command = command;
            this.handler = handler;
            this.callback = callback;
        }

        CommandMessage<C> command() {
            return command;
        }

        MessageHandler<? super CommandMessage<?>> handler() {
            return handler;
        }

        Object proceed(DefaultInterceptorChain<CommandMessage<?>> chain) throws Exception {
            try {
                result = chain.proceed();
                return result;
            } catch (Exception | Error e) {
                failure = e;
                throw e;
            }
        }

        /** After the batch committed: the command's own result or rejection. */
        @SuppressWarnings("unchecked")
        void answer() {
            answered = true;
            callback.onResult(command, failure != null
                    ? GenericCommandResultMessage.asCommandResultMessage(failure)
                    : (org.axonframework.commandhandling.CommandResultMessage<R>)
                    GenericCommandResultMessage.asCommandResultMessage(result));
        }

        /**
         * Axon's plain path; a failure it throws instead of answering (no transaction could start) is answered here,
         * as the plain path's caller would have seen it thrown.
         */
        void handleAlone(GroupCommitCommandBus bus) {
            result = null;
            failure = null;
            try {
                bus.handleAlone(command, handler, (CommandCallback<C, R>) (message, answer) -> {
                    answered = true;
                    callback.onResult(message, answer);
                });
            } catch (RuntimeException | Error unanswered) {
                failIfUnanswered(unanswered);
            }
        }

        boolean failedInItsHandler() {
            return failure != null && !(failure instanceof RejectedException);
        }

        void failIfUnanswered(Throwable unexpected) {
            if (!answered) {
                answered = true;
                callback.onResult(command, GenericCommandResultMessage.asCommandResultMessage(unexpected));
            }
        }
    }
}
