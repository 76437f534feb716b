-- 0017: the audit chain's hash function, chosen when the database is created (issue 15):
-- `sha256` (every chain written before) or `sm3` (国密, GB/T 32905-2016). Changed only while
-- the chain is empty (`qingdan --audit-hash sm3` on a new database).
ALTER TABLE audit_head ADD COLUMN algorithm TEXT NOT NULL DEFAULT 'sha256';
