using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Orleans.TestingHost;
using Smgw.Grains.Messenger;
using Smgw.Interfaces.Messenger;
using Smgw.Interfaces.Models;
using Smgw.Storage;
using Smgw.Tests.Cluster;
using Smgw.Tests.Infrastructure;
using Xunit;

namespace Smgw.Tests.Messenger;

/// <summary>
/// Retention: a silo on PostgreSQL whose Messenger clock the test moves forward (Orleans' own clock
/// is untouched); a message past the tenant's retention is deleted and its link is dead.
/// </summary>
public sealed class MessengerExpiryTests : IAsyncLifetime
{
    private TestCluster? _cluster;
    private ServiceProvider? _services;
    private string _connectionString = "";

    /// <summary>The process clock plus an offset the test sets (TestingHost builds configurators by reflection, hence static).</summary>
    public sealed class OffsetClock : TimeProvider
    {
        public static readonly OffsetClock Instance = new();
        public TimeSpan Offset { get; set; }
        public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + Offset;
    }

    public sealed class ClockConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder silo) =>
            silo.Services.AddKeyedSingleton<TimeProvider>(MessengerOptions.Clock, OffsetClock.Instance);
    }

    public async Task InitializeAsync()
    {
        _connectionString = await TestEnvironment.CreatePostgresDatabaseAsync("smgw_messenger");
        var builder = new TestClusterBuilder(1);
        builder.Options.UseTestClusterMembership = false;
        builder.Options.ConnectionTransport = ConnectionTransportType.TcpSocket;
        var settings = new Dictionary<string, string?>
        {
            ["Smgw:DataDirectory"] = TestEnvironment.TempDirectory("messenger-expiry"),
            ["Smgw:Storage:Provider"] = nameof(StorageProvider.PostgreSql),
            ["Smgw:Storage:ConnectionString"] = _connectionString,
            ["Smgw:Cluster:ClusterId"] = builder.Options.ClusterId,
            ["Smgw:Cluster:ServiceId"] = builder.Options.ServiceId,
            ["Smgw:Delivery:Hostname"] = "gw.test",
            ["Smgw:Delivery:Smarthost"] = $"127.0.0.1:{TestEnvironment.FreePort()}", // nothing listens: the notification stays queued
            ["Smgw:Secrets:MasterKey"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
        };
        builder.ConfigureHostConfiguration(c => c.AddInMemoryCollection(settings));
        builder.AddSiloBuilderConfigurator<SmgwSiloConfigurator>();
        builder.AddSiloBuilderConfigurator<ClockConfigurator>();
        builder.AddClientBuilderConfigurator<SmgwClientConfigurator>();
        _services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build())
            .AddSmgwStorage(settings["Smgw:DataDirectory"]!)
            .BuildServiceProvider();
        await _services.GetRequiredService<SmgwDatabase>().ApplySchemaAsync();
        _cluster = builder.Build();
        await _cluster.DeployAsync();
    }

    [Fact]
    public async Task A_message_past_the_tenants_retention_is_deleted_and_its_link_no_longer_opens()
    {
        var grains = _cluster!.GrainFactory;
        await grains.GetGrain<ITenantMessengerGrain>("lds").SetAsync(new MessengerSettings { RetentionDays = 2 });
        var silo = _cluster.GetActiveSilos().Cast<InProcessSiloHandle>().First();
        var recipient = "late@remote.example";
        var body = "From: clerk@lds.example\r\nTo: late@remote.example\r\nSubject: Frist\r\n\r\nBitte bis Freitag.\r\n"u8.ToArray();
        await silo.ServiceProvider.GetRequiredService<MessengerDelivery>().DepositAsync(
            new MessageEnvelope { QueueId = MessageIntake.NewQueueId(), TenantId = "lds", Sender = "clerk@lds.example", Recipients = [recipient] },
            recipient, body);

        var account = grains.GetGrain<IMessengerAccountGrain>(recipient);
        var id = Assert.Single(await account.MessagesAsync());
        var message = grains.GetGrain<IMessengerMessageGrain>(id);
        var summary = await message.SummaryAsync(recipient);
        Assert.Equal("Frist", summary!.Subject);
        Assert.Equal(TimeSpan.FromDays(2), summary.ExpiresUtc - summary.ReceivedUtc);
        var expiredBefore = MessengerMetrics.Expired.WithLabels("lds").Value;
        Assert.Equal(1L, await StoredMessagesAsync());

        OffsetClock.Instance.Offset = TimeSpan.FromDays(1);
        Assert.NotNull(await message.LinkAsync()); // a day left

        OffsetClock.Instance.Offset = TimeSpan.FromDays(2) + TimeSpan.FromMinutes(1);
        Assert.Null(await message.LinkAsync());
        Assert.Null(await message.OpenAsync(recipient));
        await Eventually.WaitAsync(async () => (await account.MessagesAsync()).Count == 0, TimeSpan.FromSeconds(10), "the account to forget the message");
        Assert.Equal(expiredBefore + 1, MessengerMetrics.Expired.WithLabels("lds").Value);

        // Deleted, not hidden: with the clock back, the message is still gone (its stored state was cleared).
        OffsetClock.Instance.Offset = TimeSpan.Zero;
        Assert.Null(await message.LinkAsync());
        Assert.Equal(0L, await StoredMessagesAsync());
    }

    /// <summary>Rows of Messenger messages with a stored state in Orleans' grain storage table.</summary>
    private async Task<long> StoredMessagesAsync()
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM orleans_grain_state WHERE grain_type ILIKE '%messenger%message%' AND payload IS NOT NULL";
        return (long)(await command.ExecuteScalarAsync())!;
    }

    public async Task DisposeAsync()
    {
        OffsetClock.Instance.Offset = TimeSpan.Zero;
        if (_cluster is not null)
        {
            await _cluster.StopAllSilosAsync();
            await _cluster.DisposeAsync();
        }
        if (_services is not null)
        {
            await _services.DisposeAsync();
        }
        if (_connectionString.Length > 0)
        {
            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection(TestEnvironment.PostgresConnectionString);
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = $"DROP DATABASE IF EXISTS \"{new NpgsqlConnectionStringBuilder(_connectionString).Database}\" WITH (FORCE)";
            await command.ExecuteNonQueryAsync();
        }
    }
}
