-- One ballot's events can reach the projector out of order: after a topic was recreated, the relay republishes the
-- history while new events flow, so a retraction published live can arrive before the cast it retracts, republished
-- (TopicRecreationIT caught a voter's /me/votes showing a retracted vote). Tallies commute (contracts' TallyEffect);
-- this view did not: the last event to arrive won. Now each row keeps the event-store position of the ballot's latest
-- event, a retraction or void leaves the row without a choice (so that an older cast arriving later is recognised as
-- older), and an event only changes a row it is newer than. Rows from before this column have no position: any event
-- may change them (as before).
ALTER TABLE voter_vote ADD COLUMN position BIGINT;
ALTER TABLE voter_vote ALTER COLUMN choice DROP NOT NULL;
