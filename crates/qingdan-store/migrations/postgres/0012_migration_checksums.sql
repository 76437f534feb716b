-- 0012: each applied migration's checksum (lowercase hex SHA-256 of this backend's SQL text,
-- "\r\n" read as "\n"). The runner fills it for rows that have none (applied before this
-- migration) and refuses to start when a recorded one differs from the embedded file: a
-- migration that has run anywhere must never be edited, only followed by a new one.
ALTER TABLE qingdan_migrations ADD COLUMN checksum TEXT;
