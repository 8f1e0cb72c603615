-- SMGW: Orleans membership (UseAdoNetClustering, invariant "Npgsql").
--
-- Two tables:
--   orleans_membership_version  one row per cluster (DeploymentId = ClusterOptions.ClusterId);
--                               its "version" is the membership table version (the ETag that
--                               every insert/update of a member row must present and bumps).
--   orleans_membership          one row per silo incarnation (address, port, generation).
--
-- Result column names are quoted so that they come back exactly as the provider reads them.
-- Idempotent: CREATE ... IF NOT EXISTS, and the queries are upserted into OrleansQuery.

-- Serialise concurrent appliers (several silos starting at once): a multi-statement command
-- runs in one implicit transaction, so this lock is held until the whole file is applied.
SELECT pg_advisory_xact_lock(5347120001);

CREATE TABLE IF NOT EXISTS orleans_membership_version
(
    deployment_id text        NOT NULL,
    version       integer     NOT NULL DEFAULT 0,
    changed_at    timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT pk_orleans_membership_version PRIMARY KEY (deployment_id)
);

CREATE TABLE IF NOT EXISTS orleans_membership
(
    deployment_id   text        NOT NULL,
    address         text        NOT NULL,
    port            integer     NOT NULL,
    generation      integer     NOT NULL,
    silo_name       text        NOT NULL,
    host_name       text        NOT NULL,
    status          integer     NOT NULL,
    proxy_port      integer     NOT NULL DEFAULT 0,
    suspect_times   text        NULL,
    start_time      timestamptz NOT NULL,
    i_am_alive_time timestamptz NOT NULL,
    CONSTRAINT pk_orleans_membership PRIMARY KEY (deployment_id, address, port, generation)
);

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES
(
    'InsertMembershipVersionKey',
    -- Creates the version row of a cluster once. Returns one column: 1 if created, 0 if it existed.
    $q$
    WITH created AS (
        INSERT INTO orleans_membership_version (deployment_id, version, changed_at)
        VALUES (@DeploymentId, 0, now())
        ON CONFLICT (deployment_id) DO NOTHING
        RETURNING 1
    )
    SELECT count(*)::integer AS "Created" FROM created;
    $q$
),
(
    'MembershipReadAllKey',
    -- Always at least one row (the version row); member columns are NULL when there is no member.
    $q$
    SELECT v.version           AS "Version",
           m.address           AS "Address",
           m.port              AS "Port",
           m.generation        AS "Generation",
           m.silo_name         AS "SiloName",
           m.host_name         AS "HostName",
           m.status            AS "Status",
           m.proxy_port        AS "ProxyPort",
           m.suspect_times     AS "SuspectTimes",
           m.start_time        AS "StartTime",
           m.i_am_alive_time   AS "IAmAliveTime"
    FROM orleans_membership_version v
    LEFT JOIN orleans_membership m ON m.deployment_id = v.deployment_id
    WHERE v.deployment_id = @DeploymentId;
    $q$
),
(
    'MembershipReadRowKey',
    -- Same shape as MembershipReadAllKey, restricted to one silo; still returns the version row.
    $q$
    SELECT v.version           AS "Version",
           m.address           AS "Address",
           m.port              AS "Port",
           m.generation        AS "Generation",
           m.silo_name         AS "SiloName",
           m.host_name         AS "HostName",
           m.status            AS "Status",
           m.proxy_port        AS "ProxyPort",
           m.suspect_times     AS "SuspectTimes",
           m.start_time        AS "StartTime",
           m.i_am_alive_time   AS "IAmAliveTime"
    FROM orleans_membership_version v
    LEFT JOIN orleans_membership m
           ON m.deployment_id = v.deployment_id
          AND m.address = @Address
          AND m.port = @Port
          AND m.generation = @Generation
    WHERE v.deployment_id = @DeploymentId;
    $q$
),
(
    'GatewaysQueryKey',
    -- Gateways a client may connect to: members with the given status (Active) and a proxy port.
    $q$
    SELECT m.address    AS "Address",
           m.proxy_port AS "ProxyPort",
           m.generation AS "Generation"
    FROM orleans_membership m
    WHERE m.deployment_id = @DeploymentId
      AND m.status = @Status
      AND m.proxy_port > 0;
    $q$
),
(
    'UpdateIAmAlivetimeKey',
    -- Heartbeat; deliberately does not touch the table version.
    $q$
    UPDATE orleans_membership
       SET i_am_alive_time = @IAmAliveTime
     WHERE deployment_id = @DeploymentId
       AND address = @Address
       AND port = @Port
       AND generation = @Generation;
    $q$
),
(
    'InsertMembershipKey',
    -- Adds a member if @Version is still the table version and the member is new; the version
    -- is bumped in the same statement. Returns one column: 1 on success, 0 otherwise.
    $q$
    WITH bumped AS (
        UPDATE orleans_membership_version v
           SET version = v.version + 1,
               changed_at = now()
         WHERE v.deployment_id = @DeploymentId
           AND v.version = @Version
           AND NOT EXISTS (SELECT 1 FROM orleans_membership m
                            WHERE m.deployment_id = @DeploymentId
                              AND m.address = @Address
                              AND m.port = @Port
                              AND m.generation = @Generation)
        RETURNING v.deployment_id
    ),
    added AS (
        INSERT INTO orleans_membership
            (deployment_id, address, port, generation, silo_name, host_name,
             status, proxy_port, suspect_times, start_time, i_am_alive_time)
        SELECT b.deployment_id, @Address, @Port, @Generation, @SiloName, @HostName,
               @Status, @ProxyPort, NULL, @StartTime, @IAmAliveTime
        FROM bumped b
        ON CONFLICT DO NOTHING
        RETURNING 1
    )
    SELECT count(*)::integer AS "Inserted" FROM added;
    $q$
),
(
    'UpdateMembershipKey',
    -- Changes status/suspicions/heartbeat of an existing member under the table-version check.
    -- Returns one column: 1 on success, 0 otherwise.
    $q$
    WITH bumped AS (
        UPDATE orleans_membership_version v
           SET version = v.version + 1,
               changed_at = now()
         WHERE v.deployment_id = @DeploymentId
           AND v.version = @Version
           AND EXISTS (SELECT 1 FROM orleans_membership m
                        WHERE m.deployment_id = @DeploymentId
                          AND m.address = @Address
                          AND m.port = @Port
                          AND m.generation = @Generation)
        RETURNING v.deployment_id
    ),
    changed AS (
        UPDATE orleans_membership m
           SET status = @Status,
               suspect_times = @SuspectTimes,
               i_am_alive_time = @IAmAliveTime
          FROM bumped b
         WHERE m.deployment_id = b.deployment_id
           AND m.address = @Address
           AND m.port = @Port
           AND m.generation = @Generation
        RETURNING 1
    )
    SELECT count(*)::integer AS "Updated" FROM changed;
    $q$
),
(
    'DeleteMembershipTableEntriesKey',
    -- Forgets a whole cluster: its members and its version row.
    $q$
    WITH gone AS (
        DELETE FROM orleans_membership WHERE deployment_id = @DeploymentId
    )
    DELETE FROM orleans_membership_version WHERE deployment_id = @DeploymentId;
    $q$
),
(
    'CleanupDefunctSiloEntriesKey',
    -- Removes members declared Dead (SiloStatus.Dead = 6) whose last heartbeat is older than @IAmAliveTime.
    $q$
    DELETE FROM orleans_membership
     WHERE deployment_id = @DeploymentId
       AND i_am_alive_time < @IAmAliveTime
       AND status = 6;
    $q$
)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;
