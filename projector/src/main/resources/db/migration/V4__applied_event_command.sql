-- The command that stored each event: a consistency token for a command with several events (a suspension voiding
-- votes on many tools, in many partitions) is reflected once all of them are here.
ALTER TABLE applied_event ADD COLUMN command_id VARCHAR(64);
CREATE INDEX applied_event_by_command ON applied_event (command_id) WHERE command_id IS NOT NULL;
