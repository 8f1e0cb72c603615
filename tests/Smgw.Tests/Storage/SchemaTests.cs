using System.Text.RegularExpressions;
using Smgw.Storage;
using Smgw.Tests.Infrastructure;
using Xunit;

namespace Smgw.Tests.Storage;

public class SchemaTests
{
    private static readonly string[] Tables =
    [
        "orleansquery", "orleans_membership_version", "orleans_membership", "orleans_grain_state", "orleans_reminder", "smgw_messages",
    ];

    /// <summary>The query keys of Storage/Sql/README.md: clustering, persistence, reminders.</summary>
    private static readonly string[] QueryKeys =
    [
        "InsertMembershipVersionKey", "MembershipReadAllKey", "MembershipReadRowKey", "GatewaysQueryKey",
        "UpdateIAmAlivetimeKey", "InsertMembershipKey", "UpdateMembershipKey", "DeleteMembershipTableEntriesKey",
        "CleanupDefunctSiloEntriesKey",
        "ReadFromStorageKey", "WriteToStorageKey", "ClearStorageKey", "DeleteStorageKey",
        "UpsertReminderRowKey", "ReadReminderRowKey", "ReadReminderRowsKey", "ReadRangeRows1Key", "ReadRangeRows2Key",
        "DeleteReminderRowKey", "DeleteReminderRowsKey",
    ];

    private static async Task<List<string>> ColumnAsync(SmgwDatabase database, string sql)
    {
        await using var connection = await database.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        var values = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            values.Add(reader.GetString(0));
        }
        return values;
    }

    private static Task<List<string>> TablesAsync(SmgwDatabase database) => ColumnAsync(database,
        database.Provider == StorageProvider.PostgreSql
            ? "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"
            : "SELECT name FROM sqlite_master WHERE type = 'table'");

    [Fact]
    public void Query_keys_listed_here_are_the_ones_the_readme_documents()
    {
        var readme = File.ReadAllText(Path.Combine(TestEnvironment.RepositoryRoot, "Storage", "Sql", "README.md"));
        var documented = Regex.Matches(readme, @"^\| `(\w+Key)` \|", RegexOptions.Multiline).Select(m => m.Groups[1].Value).ToHashSet();

        Assert.Equal(documented.Order(), QueryKeys.Order());
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Schema_applies_twice_and_creates_every_table(StorageProvider provider)
    {
        var database = await TestDatabases.CreateAsync(provider, "schema");

        await database.ApplySchemaAsync();
        await database.ApplySchemaAsync();

        var tables = (await TablesAsync(database)).Select(t => t.ToLowerInvariant()).ToList();
        Assert.All(Tables, t => Assert.Contains(t, tables));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task OrleansQuery_holds_every_key_the_providers_need_once(StorageProvider provider)
    {
        var database = await TestDatabases.CreateAsync(provider, "schemaq");
        await database.ApplySchemaAsync();
        await database.ApplySchemaAsync();

        var keys = await ColumnAsync(database, "SELECT QueryKey FROM OrleansQuery");

        Assert.All(QueryKeys, k => Assert.Contains(k, keys));
        Assert.Equal(keys.Count, keys.Distinct(StringComparer.Ordinal).Count());
        var empty = await ColumnAsync(database, "SELECT QueryKey FROM OrleansQuery WHERE QueryText IS NULL OR length(QueryText) < 20");
        Assert.Empty(empty);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Reapplying_keeps_queued_messages(StorageProvider provider)
    {
        var database = await TestDatabases.CreateAsync(provider, "schemak");
        await database.ApplySchemaAsync();
        var store = new MessageStore(database, TimeProvider.System);
        var now = DateTimeOffset.UtcNow;
        await store.InsertAsync(new QueueEntry("KEEP1", now, 0, "acme", "a@acme.example", 1, 3, false, now), new byte[] { 1, 2, 3 });

        await database.ApplySchemaAsync();

        Assert.Equal(new byte[] { 1, 2, 3 }, await store.ReadBodyAsync("KEEP1"));
    }

    [Fact]
    public async Task Sqlite_schema_creates_the_missing_directory_and_uses_wal()
    {
        var directory = Path.Combine(TestEnvironment.TempDirectory("schemad"), "nested", "data");
        var database = TestDatabases.Open(StorageProvider.Sqlite, $"Data Source={Path.Combine(directory, "smgw.db")};Pooling=False");

        await database.ApplySchemaAsync();

        Assert.True(File.Exists(Path.Combine(directory, "smgw.db")));
        Assert.Equal(["wal"], await ColumnAsync(database, "PRAGMA journal_mode"));
    }
}
