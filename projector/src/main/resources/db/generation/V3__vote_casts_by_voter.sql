-- A voter's first vote ever, for the moderators' vote-burst query (query service): "is this voter new?" is one index
-- probe instead of a scan of the whole log. Partial: only VoteCast rows carry it.
CREATE INDEX event_log_vote_casts_by_actor ON event_log (actor_id, occurred_at) WHERE type = 'VoteCast';
