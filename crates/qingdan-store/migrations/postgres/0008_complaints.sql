-- 0008: complaints (投诉举报). The complaint is the engine's JSON (`data`, which never holds the
-- complainant's identity); the columns beside it are copies for lists and access checks.
-- The identity lives in its own table, read only by the handlers' views: no list, export,
-- event or log reads it. Tracking codes are unique; `version` guards concurrent steps.
CREATE TABLE complaints (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    code        TEXT    NOT NULL UNIQUE,
    office      TEXT,
    status      TEXT    NOT NULL,
    data        TEXT    NOT NULL,
    version     BIGINT  NOT NULL,
    created_at  TEXT    NOT NULL,
    updated_at  TEXT    NOT NULL
);
CREATE INDEX complaints_office_status ON complaints (office, status);
CREATE TABLE complaint_identities (
    complaint_id BIGINT PRIMARY KEY REFERENCES complaints (id),
    name         TEXT,
    contact      TEXT
);
