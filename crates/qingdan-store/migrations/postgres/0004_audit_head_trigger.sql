-- 0004: the chain head follows each appended event by trigger (one statement fewer per
-- audited write), and every 1000th event is copied to audit_checkpoints the same way.
CREATE FUNCTION audit_events_follow() RETURNS trigger AS $$
BEGIN
    UPDATE audit_head SET hash = NEW.hash WHERE id = 1;
    IF NEW.seq % 1000 = 0 THEN
        INSERT INTO audit_checkpoints (seq, hash, at) VALUES (NEW.seq, NEW.hash, NEW.at);
    END IF;
    RETURN NEW;
END
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_events_follow AFTER INSERT ON audit_events
    FOR EACH ROW EXECUTE FUNCTION audit_events_follow();
