-- The command side's own lookup of listed tools, written in the same transaction as the events that change it,
-- so votes can be refused for unknown or locked tools without loading the tool's aggregate.
CREATE TABLE tool_registry (
    tool_id VARCHAR(80) PRIMARY KEY,
    locked  BOOLEAN     NOT NULL DEFAULT FALSE
);
