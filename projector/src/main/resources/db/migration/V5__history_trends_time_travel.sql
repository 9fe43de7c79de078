-- Audit history: every event except private ones (bookmarks), as applied. Pages are ordered by (tx_id, seq): the
-- writing transaction's id, then the insert order within it. Readers only see rows of transactions older than every
-- transaction still running, so a page boundary never has an older event appear behind it later.
CREATE TABLE event_log (
    seq         BIGSERIAL    PRIMARY KEY,
    tx_id       XID8         NOT NULL DEFAULT pg_current_xact_id(),
    event_id    VARCHAR(64)  NOT NULL UNIQUE,
    position    BIGINT,
    type        VARCHAR(64)  NOT NULL,
    subject     TEXT         NOT NULL,
    actor_id    TEXT,
    actor_role  VARCHAR(16),
    occurred_at TIMESTAMPTZ  NOT NULL,
    reason      TEXT,
    data        JSONB        NOT NULL
);
CREATE INDEX event_log_by_subject ON event_log (subject, tx_id, seq);
CREATE INDEX event_log_by_subject_type_time ON event_log (subject, type, occurred_at);

-- Vote activity per tool and UTC hour: counts and the net change of the tally. Trends roll these up to days and
-- weeks; a tally as of any instant is the sum of the whole hours before it plus the events of its own hour.
CREATE TABLE vote_bucket (
    tool_id      VARCHAR(80) NOT NULL,
    bucket_start TIMESTAMPTZ NOT NULL,
    cast_count   INTEGER     NOT NULL DEFAULT 0,
    changed      INTEGER     NOT NULL DEFAULT 0,
    retracted    INTEGER     NOT NULL DEFAULT 0,
    voided       INTEGER     NOT NULL DEFAULT 0,
    ship         INTEGER     NOT NULL DEFAULT 0,
    skip         INTEGER     NOT NULL DEFAULT 0,
    PRIMARY KEY (tool_id, bucket_start)
);

-- A tool's card apart from its tally, as it stood after each catalog, lock or panel event: asOf reads one row.
CREATE TABLE tool_state_history (
    tool_id     VARCHAR(80)  NOT NULL,
    valid_from  TIMESTAMPTZ  NOT NULL,
    seq         BIGSERIAL,
    state       JSONB        NOT NULL,
    PRIMARY KEY (tool_id, valid_from, seq)
);
