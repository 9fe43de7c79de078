package io.shiporskip.command.groupcommit;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the vote lanes ({@code shiporskip.group-commit.*}).
 *
 * @param enabled  true: concurrent votes share transactions; false (the default, the faster of the two on the
 *                 benchmark's two cores, docs/performance.md): every command runs in its own unit of work and
 *                 transaction, as Axon's {@code SimpleCommandBus} does
 * @param lanes    how many batches may run at once in this instance, each on its own thread and database connection;
 *                 a ballot always goes to the same lane. Two keeps both cores of a small machine busy while one lane
 *                 waits for its commit; more lanes mean smaller batches
 * @param maxBatch the most commands one transaction takes; a lane takes whatever has queued up to this many, never
 *                 waiting for more (a lone vote is not delayed)
 */
@ConfigurationProperties("shiporskip.group-commit")
public record GroupCommitProperties(@DefaultValue("false") boolean enabled,
                                    @DefaultValue("2") int lanes,
                                    @DefaultValue("64") int maxBatch) {

    public GroupCommitProperties {
        if (lanes < 1) {
            throw new IllegalArgumentException("shiporskip.group-commit.lanes must be at least 1, was " + lanes);
        }
        if (maxBatch < 1) {
            throw new IllegalArgumentException("shiporskip.group-commit.max-batch must be at least 1, was " + maxBatch);
        }
    }
}
