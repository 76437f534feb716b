-- 0005: penalty cases. The case's state is the engine's CaseFile as JSON (`data`); the columns
-- beside it are copies for lists and access checks. `version` guards against two people
-- moving the same case at once. Numbers come from case_counters, incremented in the same
-- transaction as the insert, so they are unique and without gaps.
CREATE TABLE case_counters (
    prefix TEXT    NOT NULL,
    year   BIGINT NOT NULL,
    last   BIGINT NOT NULL,
    PRIMARY KEY (prefix, year)
);
CREATE TABLE cases (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    number      TEXT    NOT NULL UNIQUE,
    prefix      TEXT    NOT NULL,
    year        BIGINT  NOT NULL,
    seq         BIGINT  NOT NULL,
    office      TEXT    NOT NULL,
    violation   TEXT    NOT NULL,
    procedure   TEXT    NOT NULL,
    stage       TEXT    NOT NULL,
    party_name  TEXT    NOT NULL,
    party_uscc  TEXT,
    data        TEXT    NOT NULL,
    version     BIGINT  NOT NULL,
    opened_by   TEXT    NOT NULL,
    created_at  TEXT    NOT NULL,
    updated_at  TEXT    NOT NULL,
    UNIQUE (prefix, year, seq)
);
CREATE INDEX cases_office_stage ON cases (office, stage);
