-- SMGW heartbeats: every gateway process (silo, SMTP frontend) writes its row at a fixed interval
-- (Smgw:Availability:HeartbeatInterval). The rows are the durable evidence of when the gateway ran:
-- a gap longer than the allowed silence is an interruption "gateway not running" (docs/SLA.md).
-- roles: "silo", "frontend" or "silo,frontend" (the all-in-one). Times are Unix milliseconds (UTC).
CREATE TABLE IF NOT EXISTS smgw_heartbeats (
    instance   TEXT    NOT NULL PRIMARY KEY,
    roles      TEXT    NOT NULL,
    host       TEXT    NOT NULL,
    started_ms INTEGER NOT NULL,
    last_ms    INTEGER NOT NULL,
    stopped    INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS ix_smgw_heartbeats_last ON smgw_heartbeats (last_ms);
