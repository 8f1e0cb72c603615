-- SMGW write probe: readiness writes a row here (one per host) to prove the gateway can commit a
-- message; after a commit failed, the probe writes as many bytes as that message had, then frees them.
CREATE TABLE IF NOT EXISTS smgw_health (
    node   TEXT    NOT NULL PRIMARY KEY,
    at_ms  INTEGER NOT NULL,
    filler BLOB    NULL
);
