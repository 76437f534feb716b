-- 0009: the registry of regulated parties (capability D): enterprises by 统一社会信用代码,
-- construction projects, certificates; each import recorded with its file's hash and counts.
-- Imports upsert by the natural key, so re-importing a corrected file updates in place. On
-- SQLite the keyed tables are WITHOUT ROWID: one B-tree per table instead of two.
CREATE TABLE enterprises (
    uscc              TEXT    PRIMARY KEY,
    name              TEXT    NOT NULL,
    kind              TEXT    NOT NULL,
    address           TEXT    NOT NULL,
    contact           TEXT,
    phone             TEXT,
    complained        INTEGER NOT NULL DEFAULT 0,
    incident          INTEGER NOT NULL DEFAULT 0,
    failed_spot_check INTEGER NOT NULL DEFAULT 0,
    updated_at        TEXT    NOT NULL
) WITHOUT ROWID;
CREATE TABLE projects (
    code                TEXT    PRIMARY KEY,
    name                TEXT    NOT NULL,
    builder_uscc        TEXT    NOT NULL,
    location            TEXT    NOT NULL,
    no_site_mixing_zone INTEGER NOT NULL,
    started_on          TEXT,
    refund_applied      INTEGER NOT NULL,
    uses_cement         INTEGER NOT NULL DEFAULT 1,
    wall_complaint      INTEGER NOT NULL DEFAULT 0,
    cement_complaint    INTEGER NOT NULL DEFAULT 0,
    updated_at          TEXT    NOT NULL
) WITHOUT ROWID;
CREATE INDEX projects_builder ON projects (builder_uscc);
CREATE TABLE certificates (
    number          TEXT PRIMARY KEY,
    enterprise_uscc TEXT NOT NULL,
    product         TEXT NOT NULL,
    valid_from      TEXT NOT NULL,
    valid_until     TEXT NOT NULL,
    updated_at      TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX certificates_holder ON certificates (enterprise_uscc);
CREATE TABLE registry_imports (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    kind        TEXT    NOT NULL,
    file_name   TEXT    NOT NULL,
    sha256      TEXT    NOT NULL,
    total_rows  INTEGER NOT NULL,
    accepted    INTEGER NOT NULL,
    rejected    INTEGER NOT NULL,
    imported_at TEXT    NOT NULL,
    actor       TEXT    NOT NULL
);
