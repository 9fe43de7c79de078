package io.shiporskip.infra.bench;

import io.shiporskip.infra.stack.Service;

import java.time.Duration;
import java.util.List;

/**
 * Accepted votes per second over HTTP at concurrency C (70 % casts, 20 % changes, 10 % retractions) beside two
 * baselines from the same threads in the same run: single-row INSERT + COMMIT (the floor) and the same rows 100 per
 * commit (the batching ceiling). Each is warmed up unmeasured first, then measured with its cost per operation
 * (CPU per process and thread group, PostgreSQL's commits, statements and WAL; {@link PhaseCost}).
 */
final class WritePhase {

    static final int ROWS_PER_BATCHED_COMMIT = 100;

    /**
     * @param ratioToSingleRowCommits accepted votes/s ÷ single-row commits/s (issue 15's target: ≥ 0.35, goal ≥ 1.0)
     * @param ratioToBatchedCommits accepted votes/s ÷ rows/s at {@code rowsPerBatchedCommit} rows per commit
     * @param votesPerGroupCommit   votes that shared each of the command service's transactions (group commit; 0:
     *                              off)
     */
    record Figures(VoteMix.Run votes, PhaseCost votesCost, double votesPerGroupCommit, Throughput singleRowCommits,
                   PhaseCost singleRowCost, Throughput batchedCommits, PhaseCost batchedCost, int rowsPerBatchedCommit,
                   double ratioToSingleRowCommits, double ratioToBatchedCommits, String client) {
    }

    private final BenchStack stack;
    private final List<String> toolIds;
    private final int concurrency;
    private final Duration duration;
    private final Duration warmup;

    WritePhase(BenchStack stack, List<String> toolIds, int concurrency, Duration duration, Duration warmup) {
        this.stack = stack;
        this.toolIds = toolIds;
        this.concurrency = concurrency;
        this.duration = duration;
        this.warmup = warmup;
    }

    Figures run() throws Exception {
        EventStoreInserts inserts = new EventStoreInserts(stack.database, concurrency, toolIds.size());
        inserts.reset();
        inserts.warmUp(warmup, 1, "warmup-");
        EventStoreInserts.Measured single = inserts.measure(duration, 1, "single-", stack);
        inserts.warmUp(warmup, ROWS_PER_BATCHED_COMMIT, "batched-warmup-");
        EventStoreInserts.Measured batched = inserts.measure(duration, ROWS_PER_BATCHED_COMMIT, "batched-", stack);

        String commands = stack.fleet.baseUrl(Service.COMMAND);
        new VoteMix(commands, toolIds, "warmup", concurrency, votersPerThread(warmup)).run(warmup, 0);
        VoteMix writers = new VoteMix(commands, toolIds, "writer", concurrency, votersPerThread(duration));
        GroupCommits groupCommits = GroupCommits.start(commands);
        PhaseCost.Meter votesMeter = stack.costMeter();
        VoteMix.Run votes = writers.run(duration, 0);
        PhaseCost votesCost = votesMeter.stop(votes.accepted().count());
        return new Figures(votes, votesCost, groupCommits.votesPerTransaction(), single.rows(), single.cost(), batched.rows(), batched.cost(),
                ROWS_PER_BATCHED_COMMIT, Latencies.ratio(votes.accepted().perSecond(), single.rows().perSecond()),
                Latencies.ratio(votes.accepted().perSecond(), batched.rows().perSecond()),
                "one keep-alive HTTP/1.1 connection per thread, tokens minted before the phase");
    }

    /** New voters a thread may need: generous for ~200 casts a second per thread; more are minted if needed. */
    private static int votersPerThread(Duration length) {
        return (int) Math.max(200, length.toSeconds() * 200);
    }
}
