-- Announcements name what changed (docs/architecture.md, "Pages from memory"): the query service drops only the
-- cached pages and cards that read a changed tool or comparison, instead of all of them for every vote.
-- Payloads on channel shiporskip_read_model:
--   '<version>'            everything may have changed (a generation switch, a hand-run bump)
--   '<version> tool:<id>'  a tool's card or panel reviews changed in the transaction that took <version>
--   '<version> comparison:<id>'
-- A transaction still takes one version (at its first changed row, at commit) and sends one notification per changed
-- subject; PostgreSQL folds identical notifications of a transaction into one.
CREATE OR REPLACE FUNCTION bump_serving_version() RETURNS BIGINT LANGUAGE plpgsql AS $$
DECLARE
    bumped BIGINT;
BEGIN
    bumped := read_model.take_serving_version();
    PERFORM pg_notify('shiporskip_read_model', bumped::text);
    RETURN bumped;
END
$$;

-- The transaction's version: taken (row lock until commit) the first time, the same one after that.
CREATE FUNCTION take_serving_version() RETURNS BIGINT LANGUAGE plpgsql AS $$
DECLARE
    taken TEXT := current_setting('shiporskip.serving_version_bumped', true);
    bumped BIGINT;
BEGIN
    IF taken ~ '^[0-9]+$' THEN
        RETURN taken::bigint;
    END IF;
    UPDATE read_model.serving_version SET version = version + 1 WHERE id = 1 RETURNING version INTO bumped;
    PERFORM set_config('shiporskip.serving_version_bumped', bumped::text, true);
    RETURN bumped;
END
$$;

CREATE OR REPLACE FUNCTION note_serving_change() RETURNS TRIGGER LANGUAGE plpgsql AS $$
DECLARE
    changed RECORD;
    subject TEXT;
BEGIN
    IF TG_TABLE_SCHEMA IS DISTINCT FROM (SELECT 'read_model_g' || current FROM read_model.generation WHERE id = 1) THEN
        RETURN NULL;
    END IF;
    IF TG_OP = 'DELETE' THEN
        changed := OLD;
    ELSE
        changed := NEW;
    END IF;
    IF TG_TABLE_NAME = 'comparison' THEN
        subject := 'comparison:' || changed.comparison_id;
    ELSE
        -- tool_card and panel_review: both keyed by the tool
        subject := 'tool:' || changed.tool_id;
    END IF;
    PERFORM pg_notify('shiporskip_read_model', read_model.take_serving_version() || ' ' || subject);
    RETURN NULL;
END
$$;
