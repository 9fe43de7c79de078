-- Write rate limits shared by every command-service instance (GCRA, one row per limited key).
-- tat is the key's "theoretical arrival time": a request is allowed while tat - now() <= tolerance, and each allowed
-- request pushes tat one emission interval further. A row whose tat has passed holds no state worth keeping and is
-- deleted by a periodic sweep. denied counts the key's refusals since its last allowed request (for the 429's log
-- line and the metric, never for the decision).
CREATE TABLE rate_limit (
    limit_key    TEXT        PRIMARY KEY,
    tat          TIMESTAMPTZ NOT NULL,
    emission_us  BIGINT      NOT NULL,
    tolerance_us BIGINT      NOT NULL,
    denied       INTEGER     NOT NULL DEFAULT 0
);
CREATE INDEX rate_limit_by_tat ON rate_limit (tat);
