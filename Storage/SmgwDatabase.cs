using System.Data.Common;
using System.Reflection;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Smgw.Storage;

/// <summary>
/// The one database of a deployment: Orleans' tables (membership, grain state, reminders) and the
/// gateway's own (the message store). Opens connections and applies the schema scripts, which
/// the project owns (Orleans ships none).
/// </summary>
public sealed class SmgwDatabase(IOptions<StorageOptions> options, ILogger<SmgwDatabase> logger)
{
    private readonly StorageOptions _options = options.Value;

    public StorageProvider Provider => _options.Provider;

    public string ConnectionString => _options.ConnectionString
        ?? throw new InvalidOperationException("Smgw:Storage:ConnectionString is not set.");

    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken = default)
    {
        DbConnection connection = Provider == StorageProvider.PostgreSql
            ? new NpgsqlConnection(ConnectionString)
            : new SqliteConnection(ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>The embedded scripts for this provider, in the order they are applied.</summary>
    public IReadOnlyList<(string Name, string Text)> SchemaScripts()
    {
        var folder = Provider == StorageProvider.PostgreSql ? "Sql/PostgreSQL/" : "Sql/SQLite/";
        var assembly = typeof(SmgwDatabase).Assembly;
        return assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(folder, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(n => (n, Read(assembly, n)))
            .ToList();
    }

    /// <summary>Creates the tables and named queries if missing, replaces query texts; safe to run at every start.</summary>
    public async Task ApplySchemaAsync(CancellationToken cancellationToken = default)
    {
        if (Provider == StorageProvider.Sqlite)
        {
            EnsureSqliteFiles();
        }

        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        if (Provider == StorageProvider.Sqlite)
        {
            // WAL survives in the file; set once. Readers then never block the writer.
            await using var pragma = connection.CreateCommand();
            pragma.CommandText = "PRAGMA journal_mode=WAL;";
            await pragma.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        foreach (var (name, text) in SchemaScripts())
        {
            await using var command = connection.CreateCommand();
            command.CommandText = text;
            try
            {
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (DbException ex)
            {
                throw new InvalidOperationException($"Applying schema script {name} failed: {ex.Message}", ex);
            }
            logger.LogDebug("Applied schema script {Script}", name);
        }
        logger.LogInformation("Database schema is up to date ({Provider})", Provider);
    }

    /// <summary>
    /// The database holds every message body: its directory is created 0700 and the file 0600 before
    /// SQLite opens it (its -wal and -shm files take the database file's mode); files an older
    /// version left readable by others are tightened, with a warning.
    /// </summary>
    private void EnsureSqliteFiles()
    {
        var builder = new SqliteConnectionStringBuilder(ConnectionString);
        if (builder.DataSource is "" or ":memory:" || builder.Mode == SqliteOpenMode.Memory)
        {
            return;
        }
        var database = Path.GetFullPath(builder.DataSource);
        var directory = Path.GetDirectoryName(database);
        if (!string.IsNullOrEmpty(directory))
        {
            PrivateFiles.CreateDirectory(directory);
        }
        if (PrivateFiles.Ensure(database))
        {
            WarnTightened(database);
        }
        foreach (var companion in new[] { "-wal", "-shm", "-journal" })
        {
            if (PrivateFiles.Tighten(database + companion))
            {
                WarnTightened(database + companion);
            }
        }
    }

    private void WarnTightened(string path) =>
        logger.LogWarning("{Path} was readable by other users; its mode is now 0600 (it holds message bodies)", path);

    private static string Read(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"Embedded schema script {name} is missing.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
