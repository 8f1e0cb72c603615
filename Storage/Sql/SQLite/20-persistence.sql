-- SMGW: Orleans grain state (AddAdoNetGrainStorage, invariant "System.Data.SQLite").
--
-- Same model as the PostgreSQL script: one row per (service, grain type, grain id), with
-- "version" as the ETag; a NULL key extension is stored as '' so the key is unique.
--
-- SQLite specifics: the write/clear/delete queries are two statements in one command text. The
-- first changes at most one row in a single atomic statement (no explicit transaction, so a
-- failed or locked write can never leave one open); the second reports the result with
-- changes(), which counts only the rows changed by the previous statement on this same
-- connection, and derives the new version from @GrainStateVersion instead of reading it back.
-- Inside the query texts below, '''' is an escaped '' (empty string).
--
-- Idempotent: CREATE ... IF NOT EXISTS, and the queries are upserted into OrleansQuery.

CREATE TABLE IF NOT EXISTS orleans_grain_state
(
    grain_id_hash   INTEGER NOT NULL,
    grain_type_hash INTEGER NOT NULL,
    grain_id_n0     INTEGER NOT NULL,
    grain_id_n1     INTEGER NOT NULL,
    service_id      TEXT    NOT NULL,
    grain_type      TEXT    NOT NULL,
    grain_id_ext    TEXT    NOT NULL DEFAULT '',
    payload         BLOB    NULL,
    version         INTEGER NOT NULL,
    modified_at     TEXT    NOT NULL DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY (grain_id_hash, grain_type_hash, grain_id_n0, grain_id_n1, service_id, grain_type, grain_id_ext)
);

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES
(
    'ReadFromStorageKey',
    -- Zero or one row. A cleared grain keeps its row with a NULL payload and its version.
    '
    SELECT s.payload AS PayloadBinary,
           s.version AS Version
    FROM orleans_grain_state s
    WHERE s.grain_id_hash = @GrainIdHash
      AND s.grain_type_hash = @GrainTypeHash
      AND s.grain_id_n0 = @GrainIdN0
      AND s.grain_id_n1 = @GrainIdN1
      AND s.service_id = @ServiceId
      AND s.grain_type = @GrainTypeString
      AND s.grain_id_ext = COALESCE(@GrainIdExtensionString, '''');
    '
),
(
    'WriteToStorageKey',
    -- One UPSERT: the INSERT arm only runs for a new grain (@GrainStateVersion NULL) or when the
    -- row exists (so that the DO UPDATE arm can run); the DO UPDATE arm only runs when the stored
    -- version equals @GrainStateVersion. Then one row: new version, or NULL on an ETag conflict.
    '
    INSERT INTO orleans_grain_state
        (grain_id_hash, grain_type_hash, grain_id_n0, grain_id_n1, service_id,
         grain_type, grain_id_ext, payload, version, modified_at)
    SELECT @GrainIdHash, @GrainTypeHash, @GrainIdN0, @GrainIdN1, @ServiceId,
           @GrainTypeString, COALESCE(@GrainIdExtensionString, ''''), @PayloadBinary, 1, CURRENT_TIMESTAMP
    WHERE @GrainStateVersion IS NULL
       OR EXISTS (SELECT 1 FROM orleans_grain_state s
                   WHERE s.grain_id_hash = @GrainIdHash
                     AND s.grain_type_hash = @GrainTypeHash
                     AND s.grain_id_n0 = @GrainIdN0
                     AND s.grain_id_n1 = @GrainIdN1
                     AND s.service_id = @ServiceId
                     AND s.grain_type = @GrainTypeString
                     AND s.grain_id_ext = COALESCE(@GrainIdExtensionString, ''''))
    ON CONFLICT (grain_id_hash, grain_type_hash, grain_id_n0, grain_id_n1, service_id, grain_type, grain_id_ext)
    DO UPDATE SET payload = excluded.payload,
                  version = orleans_grain_state.version + 1,
                  modified_at = excluded.modified_at
            WHERE orleans_grain_state.version = @GrainStateVersion;
    SELECT CASE WHEN changes() > 0 THEN COALESCE(@GrainStateVersion + 1, 1) END AS NewGrainStateVersion;
    '
),
(
    'ClearStorageKey',
    -- Keeps the row, drops the payload, version + 1. One row: the new version, or NULL on conflict.
    '
    UPDATE orleans_grain_state
       SET payload = NULL,
           version = version + 1,
           modified_at = CURRENT_TIMESTAMP
     WHERE grain_id_hash = @GrainIdHash
       AND grain_type_hash = @GrainTypeHash
       AND grain_id_n0 = @GrainIdN0
       AND grain_id_n1 = @GrainIdN1
       AND service_id = @ServiceId
       AND grain_type = @GrainTypeString
       AND grain_id_ext = COALESCE(@GrainIdExtensionString, '''')
       AND version = @GrainStateVersion;
    SELECT CASE WHEN changes() > 0 THEN @GrainStateVersion + 1 END AS NewGrainStateVersion;
    '
),
(
    'DeleteStorageKey',
    -- Used instead of ClearStorageKey when DeleteStateOnClear = true: removes the row.
    -- One row: deleted version + 1, or NULL on conflict.
    '
    DELETE FROM orleans_grain_state
     WHERE grain_id_hash = @GrainIdHash
       AND grain_type_hash = @GrainTypeHash
       AND grain_id_n0 = @GrainIdN0
       AND grain_id_n1 = @GrainIdN1
       AND service_id = @ServiceId
       AND grain_type = @GrainTypeString
       AND grain_id_ext = COALESCE(@GrainIdExtensionString, '''')
       AND version = @GrainStateVersion;
    SELECT CASE WHEN changes() > 0 THEN @GrainStateVersion + 1 END AS NewGrainStateVersion;
    '
)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;
