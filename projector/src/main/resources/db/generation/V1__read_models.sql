-- One generation of read models (schema read_model_g<N>), written only by the projector, read by the query service
-- through the views in read_model. This is the state db/migration V1..V6 built before generations existed; column
-- order matters to nobody, but GenerationSchemaIT checks both paths produce the same tables, columns and indexes.
-- Later changes to read-model tables are new migrations in this folder: every new generation runs them all, and the
-- serving generation is migrated (and its views refreshed) when a projector starts.

-- One row per tool: its catalog fields and its community tally.
CREATE TABLE tool_card (
    tool_id         VARCHAR(80) PRIMARY KEY,
    name            TEXT,
    tagline         TEXT,
    description     TEXT,
    category        TEXT,
    pricing_model   TEXT,
    pricing_entry   TEXT,
    pricing_details TEXT,
    best_for        TEXT,
    version         INTEGER     NOT NULL DEFAULT 0,
    locked          BOOLEAN     NOT NULL DEFAULT FALSE,
    listed_at       TIMESTAMPTZ,
    community_ship  INTEGER     NOT NULL DEFAULT 0,
    community_skip  INTEGER     NOT NULL DEFAULT 0
);

-- Every event applied, by its id: a redelivered event (the relay is at-least-once) is recognised and skipped, and
-- the query service answers waitFor=<token> from here (command_id: a token of a command with several events).
CREATE TABLE applied_event (
    event_id   VARCHAR(64)  PRIMARY KEY,
    subject    TEXT         NOT NULL,
    type       VARCHAR(120) NOT NULL,
    position   BIGINT,
    applied_at TIMESTAMPTZ  NOT NULL DEFAULT now(),
    command_id VARCHAR(64)
);
CREATE INDEX applied_event_by_command ON applied_event (command_id) WHERE command_id IS NOT NULL;

-- The next Kafka offset to read per partition, committed in the same transaction as the rows it produced; only
-- meaningful for the topic instance (topic_id) it was read from.
CREATE TABLE projection_offset (
    topic       TEXT        NOT NULL,
    partition   INTEGER     NOT NULL,
    next_offset BIGINT      NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    topic_id    VARCHAR(32),
    PRIMARY KEY (topic, partition)
);

-- Panel takes per (tool, persona). A withdrawn take is kept with current = false; a hidden one with hidden = true.
CREATE TABLE panel_review (
    tool_id  VARCHAR(80) NOT NULL,
    persona  VARCHAR(16) NOT NULL,
    score    INTEGER     NOT NULL,
    verdict  VARCHAR(8)  NOT NULL,
    text     TEXT        NOT NULL,
    revision INTEGER     NOT NULL,
    current  BOOLEAN     NOT NULL,
    hidden   BOOLEAN     NOT NULL DEFAULT FALSE,
    PRIMARY KEY (tool_id, persona)
);

-- Comparison pages: their tools in page order.
CREATE TABLE comparison (
    comparison_id VARCHAR(80)   PRIMARY KEY,
    title         TEXT          NOT NULL,
    tool_ids      VARCHAR(80)[] NOT NULL,
    created_at    TIMESTAMPTZ
);

-- Each voter's current votes and bookmarks, for /me views.
CREATE TABLE voter_vote (
    voter_id TEXT        NOT NULL,
    tool_id  VARCHAR(80) NOT NULL,
    choice   VARCHAR(8)  NOT NULL,
    cast_at  TIMESTAMPTZ,
    PRIMARY KEY (voter_id, tool_id)
);

CREATE TABLE voter_bookmark (
    voter_id      TEXT        NOT NULL,
    tool_id       VARCHAR(80) NOT NULL,
    bookmarked_at TIMESTAMPTZ,
    PRIMARY KEY (voter_id, tool_id)
);

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

-- Events the projector could not apply (undecodable, unknown type, or a projection that keeps failing on them while
-- the database is healthy). Parked here with the error so the partition goes on; an admin or moderator retries or
-- skips each one.
CREATE TABLE dead_letter (
    id            BIGSERIAL    PRIMARY KEY,
    topic         TEXT         NOT NULL,
    partition     INTEGER      NOT NULL,
    record_offset BIGINT       NOT NULL,
    event_id      TEXT,
    type          TEXT,
    subject       TEXT,
    error         TEXT         NOT NULL,
    payload       BYTEA        NOT NULL,
    failed_at     TIMESTAMPTZ  NOT NULL DEFAULT now(),
    attempts      INTEGER      NOT NULL DEFAULT 1,
    state         VARCHAR(16)  NOT NULL DEFAULT 'PARKED',
    resolved_by   TEXT,
    resolution    TEXT,
    resolved_at   TIMESTAMPTZ,
    UNIQUE (topic, partition, record_offset)
);
CREATE INDEX dead_letter_parked ON dead_letter (state) WHERE state = 'PARKED';
