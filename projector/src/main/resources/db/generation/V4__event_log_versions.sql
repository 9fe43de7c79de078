-- Each audit-log row says which version of its type its data is in, so that readers upcast an old row to the
-- current version (contracts' EventDecoder, through the query service's LoggedEvents) instead of assuming the shape
-- of today: a row keeps the shape it was written in for as long as the generation lives, while the catalog moves on.
-- Every row written before this column existed is at version 1: no type had been published at any other version
-- (docs/events.md, version table). The default stays for the same reason: projector instances of the release before
-- this column (a rolling upgrade runs both) write rows without it, and they know version 1 only. This release's
-- projector names the version of every row it writes.
ALTER TABLE event_log ADD COLUMN version SMALLINT NOT NULL DEFAULT 1;
