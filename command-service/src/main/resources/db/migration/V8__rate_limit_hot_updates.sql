-- The rate limiter's rows are updated on every write request (issue 15). An index on tat, which every update
-- changes, ruled out heap-only (HOT) updates: each charge wrote a new index entry in both indexes and left dead
-- ones behind. Nothing needs the index: the once-a-minute sweep reads a table of at most the keys active in the last
-- period, which a sequential scan covers. Fillfactor 50 leaves room on each page for the new row versions that HOT
-- updates place beside the old ones.
DROP INDEX rate_limit_by_tat;
ALTER TABLE rate_limit SET (fillfactor = 50);
