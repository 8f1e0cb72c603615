-- SMGW write probe: readiness writes a row here (one per host) to prove the gateway can commit a
-- message; after a commit failed, the probe writes as many bytes as that message had, then frees them.
SELECT pg_advisory_xact_lock(5347120001);
CREATE TABLE IF NOT EXISTS smgw_health (
    node   varchar(255) NOT NULL PRIMARY KEY,
    at_ms  bigint       NOT NULL,
    filler bytea        NULL
);
