using Microsoft.Data.Sqlite;
using Orleans.TestingHost;
using Smgw.Interfaces;
using Smgw.Interfaces.Models;
using Smgw.Storage;
using Smgw.Tests.Infrastructure;
using Xunit;

namespace Smgw.Tests.Storage;

/// <summary>
/// The SQLite trap: a write that fails with "database is locked" used to leave a transaction open
/// on a pooled connection, and every later write then failed ("cannot start a transaction within a
/// transaction"). With the real Orleans ADO.NET grain storage and our message store over a schema
/// applied by <see cref="SmgwDatabase"/>, a write fails while another connection holds the
/// database, and writes work again as soon as it lets go.
/// </summary>
public class SqliteLockRecoveryTests
{
    private static async Task<(SmgwDatabase Database, string ConnectionString)> DatabaseAsync()
    {
        var file = Path.Combine(TestEnvironment.TempDirectory("lock"), "smgw.db");
        var connectionString = $"Data Source={file};Pooling=False;Default Timeout=1";
        var database = TestDatabases.Open(StorageProvider.Sqlite, connectionString);
        await database.ApplySchemaAsync();
        return (database, connectionString);
    }

    /// <summary>Another process's writer: an exclusive transaction on its own connection, until disposed.</summary>
    private static async Task<SqliteConnection> HoldExclusiveLockAsync(string connectionString)
    {
        var holder = new SqliteConnection(new SqliteConnectionStringBuilder(connectionString) { DefaultTimeout = 1 }.ConnectionString);
        await holder.OpenAsync();
        await using var begin = holder.CreateCommand();
        begin.CommandText = "BEGIN EXCLUSIVE;";
        await begin.ExecuteNonQueryAsync();
        return holder;
    }

    private static async Task<InProcessTestCluster> StartClusterAsync(string connectionString)
    {
        var builder = new InProcessTestClusterBuilder(1);
        builder.Options.ServiceId = "smgw-locktest";
        builder.ConfigureSilo((_, silo) => silo.AddAdoNetGrainStorage(StorageNames.Grains, o =>
        {
            o.Invariant = "System.Data.SQLite";
            o.ConnectionString = connectionString;
        }));
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }

    private static TenantConfig Tenant(string domain) => new()
    {
        Name = "ACME",
        Domains = [domain],
        RelayAddresses = ["192.0.2.10"],
        InternalServer = "mail.acme.example:25",
    };

    private static async Task<string?> StoredPayloadAsync(SmgwDatabase database, string stateName, string key)
    {
        await using var connection = await database.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT payload FROM orleans_grain_state WHERE grain_type = @type AND grain_id_ext = @key";
        command.Parameters.Add(new SqliteParameter("@type", stateName));
        command.Parameters.Add(new SqliteParameter("@key", key));
        return await command.ExecuteScalarAsync() switch
        {
            byte[] bytes => System.Text.Encoding.UTF8.GetString(bytes),
            string text => text,
            _ => null,
        };
    }

    [Fact]
    public async Task Grain_state_writes_recover_after_the_database_was_locked()
    {
        var (database, connectionString) = await DatabaseAsync();
        var cluster = await StartClusterAsync(connectionString);
        try
        {
            var tenant = cluster.Client.GetGrain<ITenantGrain>("acme");
            await tenant.ConfigureAsync(Tenant("before.example"));

            await using (var holder = await HoldExclusiveLockAsync(connectionString))
            {
                var error = await Assert.ThrowsAnyAsync<Exception>(() => tenant.ConfigureAsync(Tenant("during.example")));
                Assert.Contains("locked", error.ToString(), StringComparison.OrdinalIgnoreCase);
            }

            // Several writes in a row: a poisoned connection would fail every one of them.
            await tenant.ConfigureAsync(Tenant("after1.example"));
            await tenant.ConfigureAsync(Tenant("after2.example"));
            var saved = await tenant.ConfigureAsync(Tenant("after3.example"));
            Assert.Equal(["after3.example"], saved.Domains);

            var payload = await StoredPayloadAsync(database, StorageNames.TenantState, "acme");
            Assert.NotNull(payload);
            Assert.Contains("after3.example", payload);
            Assert.DoesNotContain("during.example", payload);

            // A new activation reads the state from the database.
            await cluster.DeactivateAsync(tenant);
            var reread = await tenant.GetAsync();
            Assert.NotNull(reread);
            Assert.Equal(["after3.example"], reread.Domains);
            var snapshot = await cluster.Client.GetGrain<ITenantRegistryGrain>(ITenantRegistryGrain.DefaultKey).GetSnapshotAsync();
            Assert.Equal(["after3.example"], Assert.Single(snapshot.Tenants).Domains);
        }
        finally
        {
            await cluster.DisposeAsync();
        }

        // And a whole new silo over the same file sees it too.
        var again = await StartClusterAsync(connectionString);
        try
        {
            var config = await again.Client.GetGrain<ITenantGrain>("acme").GetAsync();
            Assert.NotNull(config);
            Assert.Equal(["after3.example"], config.Domains);
        }
        finally
        {
            await again.DisposeAsync();
        }
    }

    [Fact]
    public async Task Message_store_inserts_recover_after_the_database_was_locked()
    {
        var (database, connectionString) = await DatabaseAsync();
        var store = new MessageStore(database, TimeProvider.System);
        var now = DateTimeOffset.UtcNow;
        QueueEntry Entry(string id) => new(id, now, 0, "acme", "alice@acme.example", 1, 3, false, now);

        await using (var holder = await HoldExclusiveLockAsync(connectionString))
        {
            var error = await Assert.ThrowsAsync<SqliteException>(() => store.InsertAsync(Entry("LOCKED"), new byte[] { 1, 2, 3 }));
            Assert.Contains("locked", error.Message, StringComparison.OrdinalIgnoreCase);
        }

        await store.InsertAsync(Entry("AFTER1"), new byte[] { 4, 5, 6 });
        await store.InsertAsync(Entry("AFTER2"), new byte[] { 7, 8, 9 });
        await store.CompleteAsync("AFTER2");

        Assert.Null(await store.ReadBodyAsync("LOCKED"));
        Assert.Equal(new byte[] { 4, 5, 6 }, await store.ReadBodyAsync("AFTER1"));
        Assert.Equal(["AFTER1"], (await store.ListAsync(includeCompleted: false, limit: 10)).Select(e => e.QueueId));
        Assert.Equal(1, await store.CountQueuedAsync());
    }
}
