-- Each audit-log row says which version of its type its data is in, so that readers upcast an old row to the
-- current version (contracts' EventDecoder) instead of assuming the shape of today: a row keeps the shape it was
-- written in for as long as the generation lives, while the catalog moves on.
-- Every row written before this column existed is at version 1: no type had been published at any other version
-- (docs/events.md, version table). The default only fills those rows; the projector names the version of every
-- row it writes from now on.
ALTER TABLE event_log ADD COLUMN version SMALLINT NOT NULL DEFAULT 1;
ALTER TABLE event_log ALTER COLUMN version DROP DEFAULT;
