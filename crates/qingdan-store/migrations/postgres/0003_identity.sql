-- 0003: people and offices, sign-in sessions and API tokens, failed sign-ins (for lock-out).
-- Times are TEXT in RFC 3339 UTC ("2026-11-27T08:00:00Z"), which sorts as time does.
-- Tokens are stored only as their SHA-256: a copy of the database yields no usable token.
CREATE TABLE offices (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name       TEXT    NOT NULL UNIQUE,
    created_at TEXT    NOT NULL
);
CREATE TABLE users (
    id                       BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    username                 TEXT    NOT NULL UNIQUE,
    display_name             TEXT    NOT NULL,
    role                     TEXT    NOT NULL CHECK (role IN ('public', 'officer', 'leader', 'legal', 'admin')),
    office_id                BIGINT REFERENCES offices (id),
    password_hash            TEXT    NOT NULL,
    certificate_number       TEXT,
    certificate_valid_from   TEXT,
    certificate_valid_until  TEXT,
    must_change_password     BIGINT NOT NULL DEFAULT 0,
    disabled                 BIGINT NOT NULL DEFAULT 0,
    created_at               TEXT    NOT NULL
);
CREATE TABLE sessions (
    token_hash TEXT    PRIMARY KEY,
    user_id    BIGINT NOT NULL REFERENCES users (id),
    kind       TEXT    NOT NULL CHECK (kind IN ('session', 'api')),
    created_at TEXT    NOT NULL,
    last_seen  TEXT    NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);
CREATE TABLE login_failures (
    id       BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    username TEXT    NOT NULL,
    at       TEXT    NOT NULL
);
CREATE INDEX login_failures_user_at ON login_failures (username, at);
