-- SMGW: registry of the named queries that the Orleans ADO.NET providers load at start.
--
-- Every Orleans ADO.NET provider (clustering, persistence, reminders) runs the fixed text
--   SELECT QueryKey, QueryText FROM OrleansQuery
-- and then executes only the SQL it finds there. The identifiers are written unquoted on
-- purpose: PostgreSQL folds them to lower case, which is what that fixed query resolves to.
--
-- Idempotent: safe to run at every silo start. The files of this folder are applied in
-- file-name order; each later file upserts its own rows into this table.

-- Serialise concurrent appliers (several silos starting at once): a multi-statement command
-- runs in one implicit transaction, so this lock is held until the whole file is applied.
SELECT pg_advisory_xact_lock(5347120001);

CREATE TABLE IF NOT EXISTS OrleansQuery
(
    QueryKey  varchar(64) NOT NULL,
    QueryText text        NOT NULL,
    CONSTRAINT pk_orleansquery PRIMARY KEY (QueryKey)
);
