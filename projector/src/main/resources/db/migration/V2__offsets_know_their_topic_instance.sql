-- Offsets are only meaningful for the topic instance they were read from. A topic deleted and created again under
-- the same name has a new id; stored offsets of the old one must not be applied to it.
ALTER TABLE projection_offset ADD COLUMN topic_id VARCHAR(32);
