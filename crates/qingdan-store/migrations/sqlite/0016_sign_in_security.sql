-- 0016: sign-in security (issue 15, 等保 2.0 8.1.4.1 and level 3's 三员分立).
-- Failed sign-ins are counted per account and client address, so a stranger cannot lock an
-- officer out; rows written before carry no address (NULL) and age out within a day.
ALTER TABLE login_failures ADD COLUMN address TEXT;
CREATE INDEX login_failures_user_address_at ON login_failures (username, address, at);
-- The 安全管理员 (`security`) role, and when the password was last set (for its expiry,
-- 定期更换; NULL for users created before: their creation time counts). SQLite cannot alter a
-- CHECK constraint, so `users` is rebuilt as in 0014: the sessions set aside, the rows copied
-- with their ids, the old table dropped and the new one renamed, the sessions put back.
CREATE TABLE sessions_0016 AS SELECT * FROM sessions;
DELETE FROM sessions;
CREATE TABLE users_0016 (
    id                       INTEGER PRIMARY KEY AUTOINCREMENT,
    username                 TEXT    NOT NULL UNIQUE,
    display_name             TEXT    NOT NULL,
    role                     TEXT    NOT NULL CHECK (role IN ('public', 'officer', 'leader', 'legal', 'admin', 'auditor', 'security')),
    office_id                INTEGER REFERENCES offices (id),
    password_hash            TEXT    NOT NULL,
    certificate_number       TEXT,
    certificate_valid_from   TEXT,
    certificate_valid_until  TEXT,
    must_change_password     INTEGER NOT NULL DEFAULT 0,
    disabled                 INTEGER NOT NULL DEFAULT 0,
    created_at               TEXT    NOT NULL,
    password_changed_at      TEXT
);
INSERT INTO users_0016 (id, username, display_name, role, office_id, password_hash,
    certificate_number, certificate_valid_from, certificate_valid_until, must_change_password,
    disabled, created_at)
SELECT id, username, display_name, role, office_id, password_hash, certificate_number,
    certificate_valid_from, certificate_valid_until, must_change_password, disabled, created_at
FROM users;
DROP TABLE users;
ALTER TABLE users_0016 RENAME TO users;
INSERT INTO sessions SELECT * FROM sessions_0016;
DROP TABLE sessions_0016;
