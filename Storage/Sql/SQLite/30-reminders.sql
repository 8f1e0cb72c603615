-- SMGW: Orleans reminders (UseAdoNetReminderService, invariant "System.Data.SQLite").
--
-- Same model as the PostgreSQL script: one row per (service, grain, reminder name),
-- grain_hash = (int)GrainId.GetUniformHashCode(), "version" is the reminder ETag.
-- Date-times are bound by Microsoft.Data.Sqlite as TEXT ("yyyy-MM-dd HH:mm:ss.FFFFFFF", UTC).
--
-- Idempotent: CREATE ... IF NOT EXISTS, and the queries are upserted into OrleansQuery.

CREATE TABLE IF NOT EXISTS orleans_reminder
(
    service_id    TEXT    NOT NULL,
    grain_id      TEXT    NOT NULL,
    reminder_name TEXT    NOT NULL,
    grain_hash    INTEGER NOT NULL,
    start_time    TEXT    NOT NULL,
    period        INTEGER NOT NULL,   -- milliseconds
    version       INTEGER NOT NULL,
    PRIMARY KEY (service_id, grain_id, reminder_name)
);

CREATE INDEX IF NOT EXISTS ix_orleans_reminder_hash ON orleans_reminder (service_id, grain_hash);

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES
(
    'UpsertReminderRowKey',
    -- Inserts with version 0 or replaces the schedule with version + 1. One row: the new version.
    '
    INSERT INTO orleans_reminder
        (service_id, grain_id, reminder_name, grain_hash, start_time, period, version)
    VALUES (@ServiceId, @GrainId, @ReminderName, @GrainHash, @StartTime, @Period, 0)
    ON CONFLICT (service_id, grain_id, reminder_name) DO UPDATE
       SET grain_hash = excluded.grain_hash,
           start_time = excluded.start_time,
           period = excluded.period,
           version = orleans_reminder.version + 1
    RETURNING version AS Version;
    '
),
(
    'ReadReminderRowKey',
    '
    SELECT grain_id AS GrainId, reminder_name AS ReminderName, start_time AS StartTime,
           period AS Period, version AS Version
    FROM orleans_reminder
    WHERE service_id = @ServiceId AND grain_id = @GrainId AND reminder_name = @ReminderName;
    '
),
(
    'ReadReminderRowsKey',
    '
    SELECT grain_id AS GrainId, reminder_name AS ReminderName, start_time AS StartTime,
           period AS Period, version AS Version
    FROM orleans_reminder
    WHERE service_id = @ServiceId AND grain_id = @GrainId;
    '
),
(
    'ReadRangeRows1Key',
    -- Ring range (begin, end] that does not wrap.
    '
    SELECT grain_id AS GrainId, reminder_name AS ReminderName, start_time AS StartTime,
           period AS Period, version AS Version
    FROM orleans_reminder
    WHERE service_id = @ServiceId AND grain_hash > @BeginHash AND grain_hash <= @EndHash;
    '
),
(
    'ReadRangeRows2Key',
    -- Ring range (begin, end] that wraps around.
    '
    SELECT grain_id AS GrainId, reminder_name AS ReminderName, start_time AS StartTime,
           period AS Period, version AS Version
    FROM orleans_reminder
    WHERE service_id = @ServiceId AND (grain_hash > @BeginHash OR grain_hash <= @EndHash);
    '
),
(
    'DeleteReminderRowKey',
    -- Deletes only if @Version (the ETag) matches. One row, one column: 1 deleted, 0 not.
    '
    DELETE FROM orleans_reminder
     WHERE service_id = @ServiceId AND grain_id = @GrainId
       AND reminder_name = @ReminderName AND version = @Version;
    SELECT changes() AS Deleted;
    '
),
(
    'DeleteReminderRowsKey',
    '
    DELETE FROM orleans_reminder WHERE service_id = @ServiceId;
    '
)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;
