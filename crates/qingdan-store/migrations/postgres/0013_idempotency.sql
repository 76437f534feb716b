-- 0013: Idempotency-Key. A client that did not hear the answer to a creation (a timeout, a
-- dropped connection) sends the same request with the same key again; the key is stored in the
-- creation's own transaction, so a retry finds the first record instead of making a second.
-- Keys are per actor; `request_sha256` tells a retry from a different request under a reused key.
CREATE TABLE idempotency_keys (
    actor          TEXT   NOT NULL,
    key            TEXT   NOT NULL,
    entity         TEXT   NOT NULL,
    entity_id      BIGINT NOT NULL,
    request_sha256 TEXT   NOT NULL,
    created_at     TEXT   NOT NULL,
    PRIMARY KEY (actor, key)
);
