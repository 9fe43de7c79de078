package io.shiporskip.command.groupcommit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One thread that takes whatever commands have queued (up to {@code maxBatch}) and hands them to the bus as one
 * batch. It never waits for a batch to fill: the first command is taken as soon as it arrives, and the ones that
 * arrived while the previous batch was committing join it. The queue is bounded only by the callers, each of which
 * waits for its answer (one request thread per queued command).
 */
final class Lane {

    private static final Logger log = LoggerFactory.getLogger(Lane.class);

    private final BlockingQueue<GroupCommitCommandBus.Pending<?, ?>> queue = new LinkedBlockingQueue<>();
    private final int maxBatch;
    private final Consumer<List<GroupCommitCommandBus.Pending<?, ?>>> batchHandler;
    private final Thread thread;
    private volatile boolean stopping;

    Lane(String name, int maxBatch, Consumer<List<GroupCommitCommandBus.Pending<?, ?>>> batchHandler) {
        this.maxBatch = maxBatch;
        this.batchHandler = batchHandler;
        this.thread = new Thread(this::run, name);
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * False once the lane is stopping: the caller handles the command itself. Synchronized with {@link #stop}, so no
     * command is queued after the lane decided it had nothing left.
     */
    synchronized boolean offer(GroupCommitCommandBus.Pending<?, ?> pending) {
        if (stopping || !thread.isAlive()) {
            return false;
        }
        queue.add(pending);
        return true;
    }

    /** Commands waiting for a batch (not those of the batch running now). */
    int queued() {
        return queue.size();
    }

    synchronized void stop() {
        stopping = true;
    }

    void awaitStopped() throws InterruptedException {
        thread.join(TimeUnit.SECONDS.toMillis(30));
    }

    private void run() {
        List<GroupCommitCommandBus.Pending<?, ?>> batch = new ArrayList<>(maxBatch);
        while (!stopping || !queue.isEmpty()) {
            try {
                GroupCommitCommandBus.Pending<?, ?> first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, maxBatch - 1);
                batchHandler.accept(List.copyOf(batch));
            } catch (InterruptedException e) {
                // nothing here interrupts a lane; if something does, the lane keeps serving what is queued, and ends
                // only when stopped (a dead lane would leave every later vote of its ballots unanswered)
                log.warn("a vote lane was interrupted; it goes on");
            } catch (RuntimeException | Error e) {
                // the bus answers every command of a batch, failures included, so this is a bug; the lane lives on
                log.error("a batch of {} failed outside its unit of work", batch.size(), e);
            } finally {
                batch.clear();
            }
        }
    }
}
