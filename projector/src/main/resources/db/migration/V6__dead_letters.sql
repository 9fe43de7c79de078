-- Events the projector could not apply (undecodable, unknown type, or a projection that keeps failing on them while
-- the database is healthy). Parked here with the error so the partition goes on; an admin or moderator retries or
-- skips each one.
CREATE TABLE dead_letter (
    id          BIGSERIAL    PRIMARY KEY,
    topic       TEXT         NOT NULL,
    partition   INTEGER      NOT NULL,
    record_offset BIGINT     NOT NULL,
    event_id    TEXT,
    type        TEXT,
    subject     TEXT,
    error       TEXT         NOT NULL,
    payload     BYTEA        NOT NULL,
    failed_at   TIMESTAMPTZ  NOT NULL DEFAULT now(),
    attempts    INTEGER      NOT NULL DEFAULT 1,
    state       VARCHAR(16)  NOT NULL DEFAULT 'PARKED',
    resolved_by TEXT,
    resolution  TEXT,
    resolved_at TIMESTAMPTZ,
    UNIQUE (topic, partition, record_offset)
);
CREATE INDEX dead_letter_parked ON dead_letter (state) WHERE state = 'PARKED';
