-- Read models live in generation schemas (read_model_g1, read_model_g2, ...). The serving generation is exposed here,
-- in read_model, as one simple view per table: readers and the live consumer use the same names as before, and a
-- rebuild switches generations by replacing the views in one transaction (PostgreSQL re-plans statements on views
-- whose definition changed, so no reader keeps reading the old tables). New generations are created by the
-- migrations in db/generation; this one moves the tables that V1..V6 built here into generation 1.
CREATE SCHEMA read_model_g1;

ALTER TABLE tool_card SET SCHEMA read_model_g1;
ALTER TABLE applied_event SET SCHEMA read_model_g1;
ALTER TABLE projection_offset SET SCHEMA read_model_g1;
ALTER TABLE panel_review SET SCHEMA read_model_g1;
ALTER TABLE comparison SET SCHEMA read_model_g1;
ALTER TABLE voter_vote SET SCHEMA read_model_g1;
ALTER TABLE voter_bookmark SET SCHEMA read_model_g1;
ALTER TABLE event_log SET SCHEMA read_model_g1;
ALTER TABLE vote_bucket SET SCHEMA read_model_g1;
ALTER TABLE tool_state_history SET SCHEMA read_model_g1;
ALTER TABLE dead_letter SET SCHEMA read_model_g1;

CREATE VIEW tool_card AS SELECT * FROM read_model_g1.tool_card;
CREATE VIEW applied_event AS SELECT * FROM read_model_g1.applied_event;
CREATE VIEW projection_offset AS SELECT * FROM read_model_g1.projection_offset;
CREATE VIEW panel_review AS SELECT * FROM read_model_g1.panel_review;
CREATE VIEW comparison AS SELECT * FROM read_model_g1.comparison;
CREATE VIEW voter_vote AS SELECT * FROM read_model_g1.voter_vote;
CREATE VIEW voter_bookmark AS SELECT * FROM read_model_g1.voter_bookmark;
CREATE VIEW event_log AS SELECT * FROM read_model_g1.event_log;
CREATE VIEW vote_bucket AS SELECT * FROM read_model_g1.vote_bucket;
CREATE VIEW tool_state_history AS SELECT * FROM read_model_g1.tool_state_history;
CREATE VIEW dead_letter AS SELECT * FROM read_model_g1.dead_letter;

-- The serving generation. Every projection batch starts by reading this row FOR SHARE; a switch takes it FOR UPDATE,
-- so no batch is half-way through the old generation while the views move.
CREATE TABLE generation (
    id          SMALLINT    PRIMARY KEY CHECK (id = 1),
    current     INTEGER     NOT NULL,
    switched_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
INSERT INTO generation (id, current) VALUES (1, 1);

-- Rebuilds: one at a time (the partial unique index); a RUNNING one whose heartbeat stopped is abandoned.
CREATE TABLE rebuild (
    rebuild_id       UUID         PRIMARY KEY,
    generation       INTEGER      NOT NULL,
    source           VARCHAR(16)  NOT NULL,
    state            VARCHAR(16)  NOT NULL,
    phase            VARCHAR(16)  NOT NULL,
    requested_by     TEXT         NOT NULL,
    events_applied   BIGINT       NOT NULL DEFAULT 0,
    events_total     BIGINT,
    events_per_second DOUBLE PRECISION,
    started_at       TIMESTAMPTZ  NOT NULL DEFAULT now(),
    heartbeat_at     TIMESTAMPTZ  NOT NULL DEFAULT now(),
    finished_at      TIMESTAMPTZ,
    error            TEXT,
    -- set by a cancel request (from any instance); the instance running the rebuild sees it within a second
    cancel_requested_by TEXT
);
CREATE UNIQUE INDEX rebuild_one_running ON rebuild ((true)) WHERE state = 'RUNNING';
