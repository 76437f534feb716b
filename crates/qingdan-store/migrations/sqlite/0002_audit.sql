-- 0002: the record of every act. Append-only and hash-chained (see qingdan_core::audit):
-- each row carries the hash of the one before. audit_head holds the last number and hash, so an
-- append locks one row first (serialising appends) and a deleted tail is detectable.
-- audit_checkpoints copies every 1000th hash so a verifier can cross-check the chain.
CREATE TABLE audit_events (
    seq        INTEGER PRIMARY KEY,
    at         TEXT NOT NULL,
    actor      TEXT NOT NULL,
    action     TEXT NOT NULL,
    entity     TEXT NOT NULL,
    entity_id  TEXT NOT NULL,
    before     TEXT,
    after      TEXT,
    reason     TEXT NOT NULL,
    prev_hash  TEXT NOT NULL,
    hash       TEXT NOT NULL
);
CREATE INDEX audit_events_entity ON audit_events (entity, entity_id);
CREATE TABLE audit_head (
    id   INTEGER PRIMARY KEY CHECK (id = 1),
    seq  INTEGER NOT NULL,
    hash TEXT NOT NULL
);
INSERT INTO audit_head (id, seq, hash)
VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
CREATE TABLE audit_checkpoints (
    seq  INTEGER PRIMARY KEY,
    hash TEXT NOT NULL,
    at   TEXT NOT NULL
);
