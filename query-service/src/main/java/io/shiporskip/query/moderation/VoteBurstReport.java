package io.shiporskip.query.moderation;

import java.time.Instant;
import java.util.List;

/** The answer: the window examined, the baseline it was compared with, and the bursts found, largest ratio first. */
public record VoteBurstReport(Instant from, Instant to, Instant baselineFrom, Instant baselineTo, List<VoteBurst> bursts) {
}
