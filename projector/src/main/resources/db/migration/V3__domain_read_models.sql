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
    comparison_id VARCHAR(80)  PRIMARY KEY,
    title         TEXT         NOT NULL,
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

-- Voter events (VoterSuspended, VoterReinstated) have the voter id as subject: any token subject, not a slug.
ALTER TABLE applied_event ALTER COLUMN subject TYPE TEXT;
