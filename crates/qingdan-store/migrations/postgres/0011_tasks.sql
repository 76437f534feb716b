-- 0011: inspection tasks (the engine's Task as JSON beside list columns, with the published
-- officer draw), declared conflicts of interest (excluded from officer draws), and attachments
-- (photos, scanned forms, sample reports) kept in the database so every app process serves
-- them; each attachment's SHA-256 is recorded in its event.
CREATE TABLE inspection_tasks (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    system       TEXT    NOT NULL,
    target_id    TEXT    NOT NULL,
    target_name  TEXT    NOT NULL,
    office       TEXT    NOT NULL,
    state        TEXT    NOT NULL,
    data         TEXT    NOT NULL,
    officer_draw TEXT,
    version      BIGINT  NOT NULL,
    published_on TEXT,
    opened_by    TEXT    NOT NULL,
    created_at   TEXT    NOT NULL,
    updated_at   TEXT    NOT NULL
);
CREATE INDEX inspection_tasks_office_state ON inspection_tasks (office, state);
CREATE TABLE conflicts (
    officer     TEXT NOT NULL,
    target      TEXT NOT NULL,
    reason      TEXT NOT NULL,
    declared_by TEXT NOT NULL,
    declared_at TEXT NOT NULL,
    PRIMARY KEY (officer, target)
);
CREATE TABLE attachments (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    entity       TEXT    NOT NULL,
    entity_id    TEXT    NOT NULL,
    name         TEXT    NOT NULL,
    content_type TEXT    NOT NULL,
    size         BIGINT  NOT NULL,
    sha256       TEXT    NOT NULL,
    content      BYTEA   NOT NULL,
    uploaded_by  TEXT    NOT NULL,
    uploaded_at  TEXT    NOT NULL
);
CREATE INDEX attachments_entity ON attachments (entity, entity_id);
