-- 0004: the chain head follows each appended event by trigger (one statement fewer per
-- audited write), and every 1000th event is copied to audit_checkpoints the same way.
CREATE TRIGGER audit_events_follow AFTER INSERT ON audit_events
BEGIN
    UPDATE audit_head SET hash = NEW.hash WHERE id = 1;
    INSERT INTO audit_checkpoints (seq, hash, at)
        SELECT NEW.seq, NEW.hash, NEW.at WHERE NEW.seq % 1000 = 0;
END;
