-- Rows sealed by their events (issue 15, 等保 2.0 8.1.4.3): the digest of a case, complaint,
-- inspection task or plan row as the event's write left it. NULL for other events and for
-- every event written before this migration; covered by the event's hash when present.
ALTER TABLE audit_events ADD COLUMN row_hash TEXT;
