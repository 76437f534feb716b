-- 0014: the 审计管理员 (`auditor`) role (三员分立, 等保 2.0 level 3). SQLite cannot alter a CHECK
-- constraint, so `users` is rebuilt with the wider one: the sessions that reference it are set
-- aside, the rows copied with their ids, the old table dropped and the new one renamed, the
-- sessions put back. All in this migration's transaction.
CREATE TABLE sessions_0014 AS SELECT * FROM sessions;
DELETE FROM sessions;
CREATE TABLE users_0014 (
    id                       INTEGER PRIMARY KEY AUTOINCREMENT,
    username                 TEXT    NOT NULL UNIQUE,
    display_name             TEXT    NOT NULL,
    role                     TEXT    NOT NULL CHECK (role IN ('public', 'officer', 'leader', 'legal', 'admin', 'auditor')),
    office_id                INTEGER REFERENCES offices (id),
    password_hash            TEXT    NOT NULL,
    certificate_number       TEXT,
    certificate_valid_from   TEXT,
    certificate_valid_until  TEXT,
    must_change_password     INTEGER NOT NULL DEFAULT 0,
    disabled                 INTEGER NOT NULL DEFAULT 0,
    created_at               TEXT    NOT NULL
);
INSERT INTO users_0014 (id, username, display_name, role, office_id, password_hash,
    certificate_number, certificate_valid_from, certificate_valid_until, must_change_password,
    disabled, created_at)
SELECT id, username, display_name, role, office_id, password_hash, certificate_number,
    certificate_valid_from, certificate_valid_until, must_change_password, disabled, created_at
FROM users;
DROP TABLE users;
ALTER TABLE users_0014 RENAME TO users;
INSERT INTO sessions SELECT * FROM sessions_0014;
DROP TABLE sessions_0014;
