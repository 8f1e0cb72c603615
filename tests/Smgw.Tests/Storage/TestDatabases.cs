using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Smgw.Storage;
using Smgw.Tests.Infrastructure;
using Xunit;

namespace Smgw.Tests.Storage;

/// <summary>A fresh, empty database of either provider, for the storage tests.</summary>
internal static class TestDatabases
{
    public static TheoryData<StorageProvider> Providers => new() { StorageProvider.Sqlite, StorageProvider.PostgreSql };

    public static async Task<SmgwDatabase> CreateAsync(StorageProvider provider, string prefix)
    {
        var connectionString = provider == StorageProvider.PostgreSql
            ? await TestEnvironment.CreatePostgresDatabaseAsync(prefix)
            : $"Data Source={Path.Combine(TestEnvironment.TempDirectory(prefix), "smgw.db")};Pooling=False";
        return Open(provider, connectionString);
    }

    public static SmgwDatabase Open(StorageProvider provider, string connectionString) =>
        new(Options.Create(new StorageOptions { Provider = provider, ConnectionString = connectionString }), NullLogger<SmgwDatabase>.Instance);

    public static string SqliteFile(SmgwDatabase database) => new SqliteConnectionStringBuilder(database.ConnectionString).DataSource;
}
