-- SMGW: registry of the named queries that the Orleans ADO.NET providers load at start.
--
-- Every Orleans ADO.NET provider runs the fixed text
--   SELECT QueryKey, QueryText FROM OrleansQuery
-- and then executes only the SQL it finds there.
--
-- SQLite is used through the invariant "System.Data.SQLite", which Orleans maps to
-- Microsoft.Data.Sqlite. Connection pragmas (journal_mode=WAL, busy timeout) are set by the
-- application, not here. Use "Pooling=False" in the connection string.
--
-- Idempotent: safe to run at every start; files are applied in file-name order and each later
-- file upserts its own rows into this table. Requires SQLite >= 3.35 (UPSERT, RETURNING).

CREATE TABLE IF NOT EXISTS OrleansQuery
(
    QueryKey  TEXT NOT NULL PRIMARY KEY,
    QueryText TEXT NOT NULL
);
