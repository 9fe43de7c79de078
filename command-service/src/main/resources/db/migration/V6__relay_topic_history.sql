-- Where in the topic the relay's whole history starts, so that a truncated topic is noticed and a rebuild can tell
-- whether the topic covers the store (docs/operations.md, "Topic lost or truncated").
-- history_from: per partition, the offset from which the topic holds every stored event ({} = from the beginning).
-- republish_until: while the relay republishes after a reset, the store's last global index at the reset; NULL once
-- the relay has passed it (the topic then covers every stored event).
ALTER TABLE relay_topic ADD COLUMN history_from JSONB NOT NULL DEFAULT '{}';
ALTER TABLE relay_topic ADD COLUMN republish_until BIGINT;
