-- SMGW message store: one row per accepted message. The body is stored once, here; grains
-- keep the envelope and per-recipient outcome. Times are Unix milliseconds (UTC).
CREATE TABLE IF NOT EXISTS smgw_queue (
    queue_id        TEXT    NOT NULL PRIMARY KEY,
    received_ms     INTEGER NOT NULL,
    direction       INTEGER NOT NULL,
    tenant_id       TEXT    NOT NULL,
    sender          TEXT    NOT NULL,
    recipients      INTEGER NOT NULL,
    size            INTEGER NOT NULL,
    state           INTEGER NOT NULL, -- 0 queued, 1 done
    next_attempt_ms INTEGER NOT NULL,
    completed_ms    INTEGER NULL,
    body            BLOB    NULL
);
CREATE INDEX IF NOT EXISTS ix_smgw_queue_due ON smgw_queue (state, next_attempt_ms);
