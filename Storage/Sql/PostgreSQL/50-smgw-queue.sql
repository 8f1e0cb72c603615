-- SMGW message store: one row per accepted message. The body is stored once, here; grains
-- keep the envelope and per-recipient outcome. Times are Unix milliseconds (UTC).

-- Serialise concurrent appliers (several silos starting at once), as the Orleans scripts do.
SELECT pg_advisory_xact_lock(5347120001);
CREATE TABLE IF NOT EXISTS smgw_queue (
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
    body            bytea        NULL
);
CREATE INDEX IF NOT EXISTS ix_smgw_queue_due ON smgw_queue (state, next_attempt_ms);
