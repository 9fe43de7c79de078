package io.shiporskip.projector.rebuild;

import java.time.Instant;
import java.util.UUID;

/**
 * A rebuild as the API shows it.
 *
 * @param state           RUNNING, SWITCHED (the new generation serves) or FAILED (the serving one was never touched)
 * @param phase           PREPARING, REPLAYING_STORE, CONSUMING_TOPIC, SWITCHING, DONE
 * @param source          the source actually used (AUTO resolved)
 * @param eventsTotal     the events known to be ahead when last measured, for the ETA; grows while writes go on
 * @param etaSeconds      at the current rate, while running
 */
public record RebuildStatus(UUID rebuildId, String state, String phase, String source, int generation,
                            String requestedBy, long eventsApplied, Long eventsTotal, Double eventsPerSecond,
                            Long etaSeconds, Instant startedAt, Instant finishedAt, String error,
                            String cancelRequestedBy) {
}
