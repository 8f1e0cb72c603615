-- SMGW: Orleans membership (UseAdoNetClustering, invariant "System.Data.SQLite").
--
-- Same model as the PostgreSQL script: orleans_membership_version holds the table version
-- (ETag) per cluster, orleans_membership one row per silo incarnation.
--
-- SQLite specifics: an insert/update of a member is a version bump followed by the member
-- change, chained with changes() (the member statement only runs if the bump changed a row)
-- and reported with changes(). There is no explicit transaction, so a locked or failed write
-- never leaves one open; the price is that the two statements are not one atomic unit: a crash
-- between them leaves a bumped version with no member change, which the membership protocol
-- treats like any lost race (it re-reads and retries). Meant for single-host deployments and
-- development; multi-host clusters should use PostgreSQL.
--
-- Idempotent: CREATE ... IF NOT EXISTS, and the queries are upserted into OrleansQuery.

CREATE TABLE IF NOT EXISTS orleans_membership_version
(
    deployment_id TEXT    NOT NULL PRIMARY KEY,
    version       INTEGER NOT NULL DEFAULT 0,
    changed_at    TEXT    NOT NULL DEFAULT CURRENT_TIMESTAMP
);

CREATE TABLE IF NOT EXISTS orleans_membership
(
    deployment_id   TEXT    NOT NULL,
    address         TEXT    NOT NULL,
    port            INTEGER NOT NULL,
    generation      INTEGER NOT NULL,
    silo_name       TEXT    NOT NULL,
    host_name       TEXT    NOT NULL,
    status          INTEGER NOT NULL,
    proxy_port      INTEGER NOT NULL DEFAULT 0,
    suspect_times   TEXT    NULL,
    start_time      TEXT    NOT NULL,
    i_am_alive_time TEXT    NOT NULL,
    PRIMARY KEY (deployment_id, address, port, generation)
);

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES
(
    'InsertMembershipVersionKey',
    -- Creates the version row of a cluster once. One column: 1 if created, 0 if it existed.
    '
    INSERT INTO orleans_membership_version (deployment_id, version, changed_at)
    VALUES (@DeploymentId, 0, CURRENT_TIMESTAMP)
    ON CONFLICT (deployment_id) DO NOTHING;
    SELECT changes() AS Created;
    '
),
(
    'MembershipReadAllKey',
    -- Always at least one row (the version row); member columns are NULL when there is no member.
    '
    SELECT v.version AS Version, m.address AS Address, m.port AS Port, m.generation AS Generation,
           m.silo_name AS SiloName, m.host_name AS HostName, m.status AS Status,
           m.proxy_port AS ProxyPort, m.suspect_times AS SuspectTimes,
           m.start_time AS StartTime, m.i_am_alive_time AS IAmAliveTime
    FROM orleans_membership_version v
    LEFT JOIN orleans_membership m ON m.deployment_id = v.deployment_id
    WHERE v.deployment_id = @DeploymentId;
    '
),
(
    'MembershipReadRowKey',
    '
    SELECT v.version AS Version, m.address AS Address, m.port AS Port, m.generation AS Generation,
           m.silo_name AS SiloName, m.host_name AS HostName, m.status AS Status,
           m.proxy_port AS ProxyPort, m.suspect_times AS SuspectTimes,
           m.start_time AS StartTime, m.i_am_alive_time AS IAmAliveTime
    FROM orleans_membership_version v
    LEFT JOIN orleans_membership m
           ON m.deployment_id = v.deployment_id
          AND m.address = @Address AND m.port = @Port AND m.generation = @Generation
    WHERE v.deployment_id = @DeploymentId;
    '
),
(
    'GatewaysQueryKey',
    '
    SELECT address AS Address, proxy_port AS ProxyPort, generation AS Generation
    FROM orleans_membership
    WHERE deployment_id = @DeploymentId AND status = @Status AND proxy_port > 0;
    '
),
(
    'UpdateIAmAlivetimeKey',
    '
    UPDATE orleans_membership
       SET i_am_alive_time = @IAmAliveTime
     WHERE deployment_id = @DeploymentId
       AND address = @Address AND port = @Port AND generation = @Generation;
    '
),
(
    'InsertMembershipKey',
    -- Bump the version if it is still @Version and the member is new; add the member only if
    -- the bump happened. One column: 1 on success, 0 otherwise.
    '
    UPDATE orleans_membership_version
       SET version = version + 1, changed_at = CURRENT_TIMESTAMP
     WHERE deployment_id = @DeploymentId
       AND version = @Version
       AND NOT EXISTS (SELECT 1 FROM orleans_membership m
                        WHERE m.deployment_id = @DeploymentId
                          AND m.address = @Address AND m.port = @Port AND m.generation = @Generation);
    INSERT INTO orleans_membership
        (deployment_id, address, port, generation, silo_name, host_name,
         status, proxy_port, suspect_times, start_time, i_am_alive_time)
    SELECT @DeploymentId, @Address, @Port, @Generation, @SiloName, @HostName,
           @Status, @ProxyPort, NULL, @StartTime, @IAmAliveTime
    WHERE changes() > 0
    ON CONFLICT DO NOTHING;
    SELECT changes() AS Inserted;
    '
),
(
    'UpdateMembershipKey',
    -- Bump the version if it is still @Version and the member exists; change the member only
    -- if the bump happened. One column: 1 on success, 0 otherwise.
    '
    UPDATE orleans_membership_version
       SET version = version + 1, changed_at = CURRENT_TIMESTAMP
     WHERE deployment_id = @DeploymentId
       AND version = @Version
       AND EXISTS (SELECT 1 FROM orleans_membership m
                    WHERE m.deployment_id = @DeploymentId
                      AND m.address = @Address AND m.port = @Port AND m.generation = @Generation);
    UPDATE orleans_membership
       SET status = @Status, suspect_times = @SuspectTimes, i_am_alive_time = @IAmAliveTime
     WHERE changes() > 0
       AND deployment_id = @DeploymentId
       AND address = @Address AND port = @Port AND generation = @Generation;
    SELECT changes() AS Updated;
    '
),
(
    'DeleteMembershipTableEntriesKey',
    '
    DELETE FROM orleans_membership WHERE deployment_id = @DeploymentId;
    DELETE FROM orleans_membership_version WHERE deployment_id = @DeploymentId;
    '
),
(
    'CleanupDefunctSiloEntriesKey',
    -- Removes members declared Dead (SiloStatus.Dead = 6) whose last heartbeat is older than @IAmAliveTime.
    '
    DELETE FROM orleans_membership
     WHERE deployment_id = @DeploymentId
       AND i_am_alive_time < @IAmAliveTime
       AND status = 6;
    '
)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;
