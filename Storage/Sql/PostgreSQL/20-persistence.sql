-- SMGW: Orleans grain state (AddAdoNetGrainStorage, invariant "Npgsql").
--
-- One row per (service, grain type, grain id). The provider identifies a grain by
--   GrainIdHash / GrainTypeHash  32-bit hashes it computes itself (default: Orleans StableHash),
--   GrainIdN0 / GrainIdN1        the two 64-bit halves of a Guid key, or (0, key) for an integer key,
--                                or (0, 0) for a string key,
--   GrainIdExtensionString       the key extension, or the whole key of a string-keyed grain
--                                (NULL when there is none: stored here as '' so that the key is unique),
--   GrainTypeString, ServiceId.
-- "version" is the ETag: a write/clear must present the current version (NULL for a grain
-- that has no row yet); on success it is incremented, on a mismatch nothing changes and the
-- query returns NULL, which the provider turns into an InconsistentStateException.
--
-- Idempotent: CREATE ... IF NOT EXISTS, and the queries are upserted into OrleansQuery.

-- Serialise concurrent appliers (several silos starting at once): a multi-statement command
-- runs in one implicit transaction, so this lock is held until the whole file is applied.
SELECT pg_advisory_xact_lock(5347120001);

CREATE TABLE IF NOT EXISTS orleans_grain_state
(
    grain_id_hash   integer     NOT NULL,
    grain_type_hash integer     NOT NULL,
    grain_id_n0     bigint      NOT NULL,
    grain_id_n1     bigint      NOT NULL,
    service_id      text        NOT NULL,
    grain_type      text        NOT NULL,
    grain_id_ext    text        NOT NULL DEFAULT '',
    payload         bytea       NULL,
    version         integer     NOT NULL,
    modified_at     timestamptz NOT NULL DEFAULT now(),
    -- The hashes lead so that this one index serves both uniqueness and the lookups.
    CONSTRAINT pk_orleans_grain_state PRIMARY KEY
        (grain_id_hash, grain_type_hash, grain_id_n0, grain_id_n1, service_id, grain_type, grain_id_ext)
);

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES
(
    'ReadFromStorageKey',
    -- Zero or one row. A cleared grain keeps its row with a NULL payload and its version.
    $q$
    SELECT s.payload AS "PayloadBinary",
           s.version AS "Version"
    FROM orleans_grain_state s
    WHERE s.grain_id_hash = @GrainIdHash
      AND s.grain_type_hash = @GrainTypeHash
      AND s.grain_id_n0 = @GrainIdN0
      AND s.grain_id_n1 = @GrainIdN1
      AND s.service_id = @ServiceId
      AND s.grain_type = @GrainTypeString
      AND s.grain_id_ext = COALESCE(@GrainIdExtensionString, '');
    $q$
),
(
    'WriteToStorageKey',
    -- @GrainStateVersion NULL: insert a new row with version 1 (fails if the row exists).
    -- @GrainStateVersion set:  overwrite the row if its version matches, version + 1.
    -- Always exactly one row: the new version, or NULL on an ETag conflict.
    $q$
    WITH overwritten AS (
        UPDATE orleans_grain_state s
           SET payload = @PayloadBinary,
               version = s.version + 1,
               modified_at = now()
         WHERE @GrainStateVersion IS NOT NULL
           AND s.grain_id_hash = @GrainIdHash
           AND s.grain_type_hash = @GrainTypeHash
           AND s.grain_id_n0 = @GrainIdN0
           AND s.grain_id_n1 = @GrainIdN1
           AND s.service_id = @ServiceId
           AND s.grain_type = @GrainTypeString
           AND s.grain_id_ext = COALESCE(@GrainIdExtensionString, '')
           AND s.version = @GrainStateVersion
        RETURNING s.version
    ),
    created AS (
        INSERT INTO orleans_grain_state
            (grain_id_hash, grain_type_hash, grain_id_n0, grain_id_n1, service_id,
             grain_type, grain_id_ext, payload, version, modified_at)
        SELECT @GrainIdHash, @GrainTypeHash, @GrainIdN0, @GrainIdN1, @ServiceId,
               @GrainTypeString, COALESCE(@GrainIdExtensionString, ''), @PayloadBinary, 1, now()
        WHERE @GrainStateVersion IS NULL
        ON CONFLICT (grain_id_hash, grain_type_hash, grain_id_n0, grain_id_n1, service_id, grain_type, grain_id_ext)
        DO NOTHING
        RETURNING version
    )
    SELECT (SELECT version FROM overwritten
            UNION ALL
            SELECT version FROM created
            LIMIT 1) AS "NewGrainStateVersion";
    $q$
),
(
    'ClearStorageKey',
    -- Keeps the row, drops the payload, version + 1. One row: the new version, or NULL on conflict.
    $q$
    WITH cleared AS (
        UPDATE orleans_grain_state s
           SET payload = NULL,
               version = s.version + 1,
               modified_at = now()
         WHERE s.grain_id_hash = @GrainIdHash
           AND s.grain_type_hash = @GrainTypeHash
           AND s.grain_id_n0 = @GrainIdN0
           AND s.grain_id_n1 = @GrainIdN1
           AND s.service_id = @ServiceId
           AND s.grain_type = @GrainTypeString
           AND s.grain_id_ext = COALESCE(@GrainIdExtensionString, '')
           AND s.version = @GrainStateVersion
        RETURNING s.version
    )
    SELECT (SELECT version FROM cleared) AS "NewGrainStateVersion";
    $q$
),
(
    'DeleteStorageKey',
    -- Used instead of ClearStorageKey when DeleteStateOnClear = true: removes the row.
    -- One row: deleted version + 1 (the provider only checks it differs), or NULL on conflict.
    $q$
    WITH deleted AS (
        DELETE FROM orleans_grain_state s
         WHERE s.grain_id_hash = @GrainIdHash
           AND s.grain_type_hash = @GrainTypeHash
           AND s.grain_id_n0 = @GrainIdN0
           AND s.grain_id_n1 = @GrainIdN1
           AND s.service_id = @ServiceId
           AND s.grain_type = @GrainTypeString
           AND s.grain_id_ext = COALESCE(@GrainIdExtensionString, '')
           AND s.version = @GrainStateVersion
        RETURNING s.version
    )
    SELECT (SELECT version + 1 FROM deleted) AS "NewGrainStateVersion";
    $q$
)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;
