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
            EnsureSqliteDirectory();
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

    private void EnsureSqliteDirectory()
    {
        var builder = new SqliteConnectionStringBuilder(ConnectionString);
        var directory = Path.GetDirectoryName(Path.GetFullPath(builder.DataSource));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }
    }

    private static string Read(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"Embedded schema script {name} is missing.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
