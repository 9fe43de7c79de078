-- Read models, written only by the projector, read by the query service.

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
-- the query service answers waitFor=<token> from here.
CREATE TABLE applied_event (
    event_id   VARCHAR(64)  PRIMARY KEY,
    subject    VARCHAR(80)  NOT NULL,
    type       VARCHAR(120) NOT NULL,
    position   BIGINT,
    applied_at TIMESTAMPTZ  NOT NULL DEFAULT now()
);

-- The next Kafka offset to read per partition, committed in the same transaction as the rows it produced.
CREATE TABLE projection_offset (
    topic       TEXT        NOT NULL,
    partition   INTEGER     NOT NULL,
    next_offset BIGINT      NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (topic, partition)
);
