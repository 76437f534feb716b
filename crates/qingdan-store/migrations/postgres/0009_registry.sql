-- 0009: the registry of regulated parties (capability D): enterprises by 统一社会信用代码,
-- construction projects, certificates; each import recorded with its file's hash and counts.
-- Imports upsert by the natural key, so re-importing a corrected file updates in place.
CREATE TABLE enterprises (
    uscc              TEXT    PRIMARY KEY,
    name              TEXT    NOT NULL,
    kind              TEXT    NOT NULL,
    address           TEXT    NOT NULL,
    contact           TEXT,
    phone             TEXT,
    complained        BOOLEAN NOT NULL DEFAULT FALSE,
    incident          BOOLEAN NOT NULL DEFAULT FALSE,
    failed_spot_check BOOLEAN NOT NULL DEFAULT FALSE,
    updated_at        TEXT    NOT NULL
);
CREATE TABLE projects (
    code                TEXT    PRIMARY KEY,
    name                TEXT    NOT NULL,
    builder_uscc        TEXT    NOT NULL,
    location            TEXT    NOT NULL,
    no_site_mixing_zone BOOLEAN NOT NULL,
    started_on          TEXT,
    refund_applied      BOOLEAN NOT NULL,
    uses_cement         BOOLEAN NOT NULL DEFAULT TRUE,
    wall_complaint      BOOLEAN NOT NULL DEFAULT FALSE,
    cement_complaint    BOOLEAN NOT NULL DEFAULT FALSE,
    updated_at          TEXT    NOT NULL
);
CREATE INDEX projects_builder ON projects (builder_uscc);
CREATE TABLE certificates (
    number          TEXT PRIMARY KEY,
    enterprise_uscc TEXT NOT NULL,
    product         TEXT NOT NULL,
    valid_from      TEXT NOT NULL,
    valid_until     TEXT NOT NULL,
    updated_at      TEXT NOT NULL
);
CREATE INDEX certificates_holder ON certificates (enterprise_uscc);
CREATE TABLE registry_imports (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind        TEXT    NOT NULL,
    file_name   TEXT    NOT NULL,
    sha256      TEXT    NOT NULL,
    total_rows  BIGINT  NOT NULL,
    accepted    BIGINT  NOT NULL,
    rejected    BIGINT  NOT NULL,
    imported_at TEXT    NOT NULL,
    actor       TEXT    NOT NULL
);
