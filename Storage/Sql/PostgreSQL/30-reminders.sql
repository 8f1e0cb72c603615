-- SMGW: Orleans reminders (UseAdoNetReminderService, invariant "Npgsql").
--
-- One row per (service, grain, reminder name). grain_hash is GrainId.GetUniformHashCode()
-- cast to a signed 32-bit integer; the provider picks ReadRangeRows1Key when
-- (int)begin < (int)end and ReadRangeRows2Key (the wrapping range) otherwise, so plain
-- signed comparisons are correct. "version" is the reminder ETag.
--
-- Idempotent: CREATE ... IF NOT EXISTS, and the queries are upserted into OrleansQuery.

-- Serialise concurrent appliers (several silos starting at once): a multi-statement command
-- runs in one implicit transaction, so this lock is held until the whole file is applied.
SELECT pg_advisory_xact_lock(5347120001);

CREATE TABLE IF NOT EXISTS orleans_reminder
(
    service_id    text        NOT NULL,
    grain_id      text        NOT NULL,
    reminder_name text        NOT NULL,
    grain_hash    integer     NOT NULL,
    start_time    timestamptz NOT NULL,
    period        bigint      NOT NULL,   -- milliseconds
    version       integer     NOT NULL,
    CONSTRAINT pk_orleans_reminder PRIMARY KEY (service_id, grain_id, reminder_name)
);

CREATE INDEX IF NOT EXISTS ix_orleans_reminder_hash ON orleans_reminder (service_id, grain_hash);

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES
(
    'UpsertReminderRowKey',
    -- Inserts with version 0 or replaces schedule with version + 1. One row: the new version.
    $q$
    INSERT INTO orleans_reminder AS r
        (service_id, grain_id, reminder_name, grain_hash, start_time, period, version)
    VALUES (@ServiceId, @GrainId, @ReminderName, @GrainHash, @StartTime, @Period, 0)
    ON CONFLICT (service_id, grain_id, reminder_name) DO UPDATE
       SET grain_hash = EXCLUDED.grain_hash,
           start_time = EXCLUDED.start_time,
           period = EXCLUDED.period,
           version = r.version + 1
    RETURNING r.version AS "Version";
    $q$
),
(
    'ReadReminderRowKey',
    $q$
    SELECT r.grain_id AS "GrainId", r.reminder_name AS "ReminderName", r.start_time AS "StartTime",
           r.period AS "Period", r.version AS "Version"
    FROM orleans_reminder r
    WHERE r.service_id = @ServiceId AND r.grain_id = @GrainId AND r.reminder_name = @ReminderName;
    $q$
),
(
    'ReadReminderRowsKey',
    $q$
    SELECT r.grain_id AS "GrainId", r.reminder_name AS "ReminderName", r.start_time AS "StartTime",
           r.period AS "Period", r.version AS "Version"
    FROM orleans_reminder r
    WHERE r.service_id = @ServiceId AND r.grain_id = @GrainId;
    $q$
),
(
    'ReadRangeRows1Key',
    -- Ring range (begin, end] that does not wrap.
    $q$
    SELECT r.grain_id AS "GrainId", r.reminder_name AS "ReminderName", r.start_time AS "StartTime",
           r.period AS "Period", r.version AS "Version"
    FROM orleans_reminder r
    WHERE r.service_id = @ServiceId AND r.grain_hash > @BeginHash AND r.grain_hash <= @EndHash;
    $q$
),
(
    'ReadRangeRows2Key',
    -- Ring range (begin, end] that wraps around.
    $q$
    SELECT r.grain_id AS "GrainId", r.reminder_name AS "ReminderName", r.start_time AS "StartTime",
           r.period AS "Period", r.version AS "Version"
    FROM orleans_reminder r
    WHERE r.service_id = @ServiceId AND (r.grain_hash > @BeginHash OR r.grain_hash <= @EndHash);
    $q$
),
(
    'DeleteReminderRowKey',
    -- Deletes only if @Version (the ETag) matches. One row, one column: 1 deleted, 0 not.
    $q$
    WITH deleted AS (
        DELETE FROM orleans_reminder r
         WHERE r.service_id = @ServiceId AND r.grain_id = @GrainId
           AND r.reminder_name = @ReminderName AND r.version = @Version
        RETURNING 1
    )
    SELECT count(*)::integer AS "Deleted" FROM deleted;
    $q$
),
(
    'DeleteReminderRowsKey',
    $q$
    DELETE FROM orleans_reminder WHERE service_id = @ServiceId;
    $q$
)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;
