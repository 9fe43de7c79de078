package io.shiporskip.query.analytics;

import java.time.Instant;

/** One bucket of a trend: what happened to votes, and the net change of the tally within the bucket. */
public record TrendPoint(Instant start, int cast, int changed, int retracted, int voided, int ship, int skip) {
}
