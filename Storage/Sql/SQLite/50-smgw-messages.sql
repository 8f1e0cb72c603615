-- SMGW message store: one row per accepted message. The body is stored once, here, with the
-- envelope and the message's workflow state (JSON written by its grain); the row also indexes
-- the queue (state, next_attempt_ms). Times are Unix milliseconds (UTC).
CREATE TABLE IF NOT EXISTS smgw_messages (
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
    envelope        TEXT    NULL,
    workflow        TEXT    NULL,
    body            BLOB    NULL
);
CREATE INDEX IF NOT EXISTS ix_smgw_messages_due ON smgw_messages (state, next_attempt_ms);
