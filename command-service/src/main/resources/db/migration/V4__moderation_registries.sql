-- Command-side lookups for moderation, written in the same transaction as the events that change them.

-- Every voter who ever voted, and whether they are suspended. Votes take a shared lock on their voter's row and a
-- suspension an exclusive one, so a vote racing a suspension is either voided by it or refused after it.
CREATE TABLE voter_registry (
    voter_id  TEXT    PRIMARY KEY,
    suspended BOOLEAN NOT NULL DEFAULT FALSE
);

-- Each voter's current votes: what a suspension has to void.
CREATE TABLE current_vote (
    voter_id TEXT        NOT NULL,
    tool_id  VARCHAR(80) NOT NULL,
    choice   VARCHAR(8)  NOT NULL,
    PRIMARY KEY (voter_id, tool_id)
);
