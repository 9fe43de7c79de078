-- What the query service's page cache is validated by (docs/architecture.md, "Pages from memory"). serving_version
-- grows by one in every transaction that changes a row pages or cards read (tool_card, panel_review, comparison) in
-- the serving generation, and in every transaction that switches generations. The row lock makes versions commit in
-- order: a transaction that sees version v committed has every change numbered up to v. Each bump also sends
-- NOTIFY shiporskip_read_model '<version>', delivered to listeners when the transaction commits.
CREATE TABLE serving_version (
    id      SMALLINT PRIMARY KEY CHECK (id = 1),
    version BIGINT   NOT NULL
);
INSERT INTO serving_version (id, version) VALUES (1, 0);

CREATE FUNCTION bump_serving_version() RETURNS BIGINT LANGUAGE plpgsql AS $$
DECLARE
    bumped BIGINT;
BEGIN
    UPDATE read_model.serving_version SET version = version + 1 WHERE id = 1 RETURNING version INTO bumped;
    PERFORM pg_notify('shiporskip_read_model', bumped::text);
    -- once per transaction is enough: the triggers below look at this before bumping again
    PERFORM set_config('shiporskip.serving_version_bumped', 'yes', true);
    RETURN bumped;
END
$$;

-- Fired by the deferred constraint triggers of db/generation V2, at commit, for each changed row: the version row is
-- locked only for the last moment of a projection batch, so concurrent projectors barely wait for each other.
-- Generations that are not served (a rebuild filling one, the equality proof's scratch schema) bump nothing.
CREATE FUNCTION note_serving_change() RETURNS TRIGGER LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('shiporskip.serving_version_bumped', true) IS DISTINCT FROM 'yes'
       AND TG_TABLE_SCHEMA = (SELECT 'read_model_g' || current FROM read_model.generation WHERE id = 1) THEN
        PERFORM read_model.bump_serving_version();
    END IF;
    RETURN NULL;
END
$$;
