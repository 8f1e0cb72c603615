-- SMGW message store: one row per accepted message. The body is stored once, here, with the
-- envelope and the message's workflow state (JSON written by its grain); the row also indexes
-- the queue (state, next_attempt_ms). Times are Unix milliseconds (UTC).

-- Serialise concurrent appliers (several silos starting at once), as the Orleans scripts do.
SELECT pg_advisory_xact_lock(5347120001);
CREATE TABLE IF NOT EXISTS smgw_messages (
    queue_id        varchar(64)  NOT NULL PRIMARY KEY,
    received_ms     bigint       NOT NULL,
    direction       smallint     NOT NULL,
    tenant_id       varchar(150) NOT NULL,
    sender          varchar(512) NOT NULL,
    recipients      integer      NOT NULL,
    size            bigint       NOT NULL,
    state           smallint     NOT NULL, -- 0 queued, 1 done
    next_attempt_ms bigint       NOT NULL,
    completed_ms    bigint       NULL,
    envelope        text         NULL,
    workflow        text         NULL,
    body            bytea        NULL
);
CREATE INDEX IF NOT EXISTS ix_smgw_messages_due ON smgw_messages (state, next_attempt_ms);
