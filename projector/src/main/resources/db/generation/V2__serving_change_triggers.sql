-- Every change to what a page or a card reads bumps read_model.serving_version at commit (db/migration V8), so the
-- query service's cached pages are never served once a newer state is committed and announced.
CREATE CONSTRAINT TRIGGER tool_card_serving_change AFTER INSERT OR UPDATE OR DELETE ON tool_card
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION read_model.note_serving_change();
CREATE CONSTRAINT TRIGGER panel_review_serving_change AFTER INSERT OR UPDATE OR DELETE ON panel_review
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION read_model.note_serving_change();
CREATE CONSTRAINT TRIGGER comparison_serving_change AFTER INSERT OR UPDATE OR DELETE ON comparison
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION read_model.note_serving_change();
