-- 0006 (SQLite): an append is one INSERT computed from the head the process last saw. The
-- database checks it: a row whose seq is not head+1 or whose prev_hash is not the head's hash
-- is refused (the appender re-reads the head and retries), and the head then follows the row.
DROP TRIGGER audit_events_follow;
CREATE TRIGGER audit_events_check BEFORE INSERT ON audit_events
WHEN NEW.seq <> (SELECT seq FROM audit_head WHERE id = 1) + 1
  OR NEW.prev_hash <> (SELECT hash FROM audit_head WHERE id = 1)
BEGIN
    SELECT RAISE(ABORT, 'qingdan: stale audit head');
END;
CREATE TRIGGER audit_events_follow AFTER INSERT ON audit_events
BEGIN
    UPDATE audit_head SET seq = NEW.seq, hash = NEW.hash WHERE id = 1;
    INSERT INTO audit_checkpoints (seq, hash, at)
        SELECT NEW.seq, NEW.hash, NEW.at WHERE NEW.seq % 1000 = 0;
END;
