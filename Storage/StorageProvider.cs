namespace Smgw.Storage;

public enum StorageProvider
{
    /// <summary>Embedded SQLite file (all-in-one). Orleans invariant "System.Data.SQLite".</summary>
    Sqlite = 0,

    /// <summary>PostgreSQL (cluster). Orleans invariant "Npgsql".</summary>
    PostgreSql = 1,
}
