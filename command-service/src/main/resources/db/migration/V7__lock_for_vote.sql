-- A vote's registry checks in one round trip (issue 15): the voter's lock, then the tool's (docs/architecture.md,
-- "Lock order", steps 2 and 3), each read made after its lock is granted. VOLATILE (the default), so under READ
-- COMMITTED each statement inside takes a new snapshot: a suspension or a lock of voting that committed while the
-- vote waited for its lock is seen, exactly as with the separate statements this replaces.
-- The lock names are the ones eventstore.LockNames gives ('voter:<id>', 'tool:<id>'); both must change together.
-- suspended: false when the voter has no registry row; locked: NULL when no tool has that id.
CREATE FUNCTION lock_for_vote(p_voter_id TEXT, p_tool_id TEXT, OUT suspended BOOLEAN, OUT locked BOOLEAN)
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_advisory_xact_lock_shared(hashtextextended('voter:' || p_voter_id, 0));
    SELECT r.suspended INTO suspended FROM voter_registry r WHERE r.voter_id = p_voter_id;
    suspended := coalesce(suspended, FALSE);
    PERFORM pg_advisory_xact_lock_shared(hashtextextended('tool:' || p_tool_id, 0));
    SELECT t.locked INTO locked FROM tool_registry t WHERE t.tool_id = p_tool_id;
END
$$;
