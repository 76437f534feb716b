-- 0001: versions of the responsibility list. Append-only: a new import is a new row; the
-- current catalog is the newest row. The source text is kept verbatim beside the parsed JSON so
-- any version can be re-parsed or audited later.
CREATE TABLE catalog_versions (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    bureau        TEXT    NOT NULL,
    title         TEXT    NOT NULL,
    source_name   TEXT    NOT NULL,
    source_sha256 TEXT    NOT NULL,
    source_text   TEXT    NOT NULL,
    catalog_json  TEXT    NOT NULL,
    imported_at   TEXT    NOT NULL,
    duties        INTEGER NOT NULL,
    items         INTEGER NOT NULL,
    boundaries    INTEGER NOT NULL,
    systems       INTEGER NOT NULL,
    services      INTEGER NOT NULL
);
