using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Orleans.Runtime;
using Orleans.TestingHost;
using Smgw.Interfaces;
using Smgw.Interfaces.Directory;
using Smgw.Interfaces.Models;
using Smgw.Storage;
using Smgw.Tests.Infrastructure;
using Xunit;

namespace Smgw.Tests.Cluster;

/// <summary>
/// A TestingHost cluster of SMGW silos on a fresh PostgreSQL database: ADO.NET membership, grain
/// storage and reminders there (memory storage would not survive the silo kills these tests make),
/// the production silo configuration (<see cref="SmgwSiloConfigurator"/>), and a cluster client that
/// finds its gateways in the same membership table. Shared by the tests of
/// <see cref="ClusterCollection"/>; a test that kills silos calls <see cref="EnsureSilosAsync"/> first,
/// so tests do not depend on each other's order. The database is dropped at the end unless
/// SMGW_TEST_KEEP_DB=1 (to look at smgw_messages and the Orleans tables after a failure); the silos'
/// logs are in logs/ beside the test assembly.
/// </summary>
public sealed class PostgresClusterFixture : IAsyncLifetime
{
    public const short InitialSilos = 2;

    private TestCluster? _cluster;
    private ServiceProvider? _services;

    public TestCluster Cluster => _cluster ?? throw new InvalidOperationException("The cluster is not deployed.");

    public IGrainFactory Grains => Cluster.GrainFactory;

    /// <summary>The test database (fresh per fixture).</summary>
    public string ConnectionString { get; private set; } = "";

    /// <summary>The configuration every silo binds its options from (also the client's).</summary>
    public IReadOnlyDictionary<string, string?> Settings { get; private set; } = new Dictionary<string, string?>();

    /// <summary>The silos running now.</summary>
    public IReadOnlyList<InProcessSiloHandle> ActiveSilos =>
        Cluster.GetActiveSilos().Cast<InProcessSiloHandle>().Where(s => s.IsActive).ToList();

    public async Task InitializeAsync()
    {
        ConnectionString = await TestEnvironment.CreatePostgresDatabaseAsync("smgw_cluster");

        var builder = new TestClusterBuilder(InitialSilos);
        builder.Options.UseTestClusterMembership = false; // ADO.NET membership on PostgreSQL instead
        builder.Options.ConnectionTransport = ConnectionTransportType.TcpSocket; // real sockets on loopback, as deployed
        builder.Options.ConfigureFileLogging = true; // logs/<cluster id>_*.log beside the test assembly

        var settings = new Dictionary<string, string?>
        {
            ["Smgw:DataDirectory"] = TestEnvironment.TempDirectory("cluster"),
            ["Smgw:Storage:Provider"] = nameof(StorageProvider.PostgreSql),
            ["Smgw:Storage:ConnectionString"] = ConnectionString,
            ["Smgw:Cluster:ClusterId"] = builder.Options.ClusterId,
            ["Smgw:Cluster:ServiceId"] = builder.Options.ServiceId,
            ["Smgw:Delivery:Hostname"] = "gw.test",
            // Mail to non-tenant domains (DSNs) goes here; nothing listens, so nothing leaves the machine.
            ["Smgw:Delivery:Smarthost"] = $"127.0.0.1:{TestEnvironment.FreePort()}",
            ["Smgw:Delivery:RetryDelays:0"] = "00:00:01",
            ["Smgw:Delivery:Timeout"] = "00:00:10",
            ["Smgw:Queue:ScanInterval"] = "00:00:01",
            ["Smgw:Queue:ResumeAfter"] = "00:00:05",
            // Failure detection for tests (defaults: probe timeout 5 s, 3 missed probes, table read every 60 s).
            // A killed silo is then declared dead within a few seconds instead of up to a minute.
            [$"{SmgwSiloConfigurator.MembershipSection}:ProbeTimeout"] = "00:00:01",
            [$"{SmgwSiloConfigurator.MembershipSection}:NumMissedProbesLimit"] = "2",
            [$"{SmgwSiloConfigurator.MembershipSection}:TableRefreshTimeout"] = "00:00:01",
            [$"{SmgwSiloConfigurator.MembershipSection}:IAmAliveTablePublishTimeout"] = "00:00:05",
        };
        Settings = settings;
        builder.ConfigureHostConfiguration(c => c.AddInMemoryCollection(settings));
        builder.AddSiloBuilderConfigurator<SmgwSiloConfigurator>();
        builder.AddClientBuilderConfigurator<SmgwClientConfigurator>();

        // The schema first (the real silo's SchemaInstaller does this at start), through the same options binding.
        _services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build())
            .AddSmgwStorage(settings["Smgw:DataDirectory"]!)
            .BuildServiceProvider();
        await _services.GetRequiredService<SmgwDatabase>().ApplySchemaAsync();

        _cluster = builder.Build();
        await _cluster.DeployAsync();
    }

    /// <summary>Starts silos (on new ports) until <paramref name="count"/> are active and the cluster agrees on them.</summary>
    public async Task EnsureSilosAsync(int count)
    {
        while (ActiveSilos.Count < count)
        {
            await Cluster.StartAdditionalSiloAsync(startAdditionalSiloOnNewPort: true);
        }
        var expected = ActiveSilos.Select(s => s.SiloAddress).ToHashSet();
        await Eventually.WaitAsync(async () =>
        {
            var hosts = await ActiveHostsAsync();
            return hosts.SetEquals(expected);
        }, TimeSpan.FromSeconds(30), $"the membership to list exactly the {count} running silos");
    }

    /// <summary>The silos the membership (as the management grain sees it) considers active.</summary>
    public async Task<HashSet<SiloAddress>> ActiveHostsAsync()
    {
        var hosts = await Grains.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true);
        return hosts.Keys.ToHashSet();
    }

    /// <summary>The message store of a silo.</summary>
    public static MessageStore StoreOf(InProcessSiloHandle silo) => silo.ServiceProvider.GetRequiredService<MessageStore>();

    /// <summary>How many queue scans a silo's queue manager has made.</summary>
    public static long ScansOf(InProcessSiloHandle silo) =>
        silo.ServiceProvider.GetServices<Microsoft.Extensions.Hosting.IHostedService>().OfType<Smgw.Grains.Messages.QueueManager>().Single().Scans;

    /// <summary>The intake of a silo: the path its SMTP listeners take for each message.</summary>
    public static MessageIntake IntakeOf(InProcessSiloHandle silo) => silo.ServiceProvider.GetRequiredService<MessageIntake>();

    /// <summary>
    /// A tenant whose domain <paramref name="domain"/> is delivered to <paramref name="internalServer"/>,
    /// once every silo's tenant directory knows it (mail for it is accepted only then, too).
    /// </summary>
    public async Task<TenantConfig> AddTenantAsync(string id, string domain, string internalServer)
    {
        var tenant = await Grains.GetGrain<ITenantGrain>(id).ConfigureAsync(new TenantConfig
        {
            Name = id,
            Domains = [domain],
            InternalServer = internalServer,
        });
        foreach (var silo in ActiveSilos)
        {
            var directory = silo.ServiceProvider.GetRequiredService<TenantDirectory>();
            await Eventually.WaitAsync(async () => await directory.FindByDomainAsync(domain) is not null,
                TimeSpan.FromSeconds(15), $"{silo.SiloAddress} to know tenant {id}");
        }
        return tenant;
    }

    /// <summary>Which silo hosts an activation of each of the given messages' grains right now.</summary>
    public async Task<Dictionary<string, SiloAddress>> MessageHostsAsync(IReadOnlyCollection<string> queueIds)
    {
        var wanted = queueIds.ToHashSet(StringComparer.Ordinal);
        var statistics = await Grains.GetGrain<IManagementGrain>(0).GetDetailedGrainStatistics(); // all types: queue ids are unique
        var result = new Dictionary<string, SiloAddress>(StringComparer.Ordinal);
        foreach (var statistic in statistics)
        {
            var key = statistic.GrainId.Key.ToString()!;
            if (wanted.Contains(key))
            {
                result[key] = statistic.SiloAddress;
            }
        }
        return result;
    }

    /// <summary>The <c>smgw_messages</c> state (0 queued, 1 done) of each given message that has a row.</summary>
    public async Task<Dictionary<string, int>> QueueStatesAsync(IReadOnlyCollection<string> queueIds)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT queue_id, state FROM smgw_messages WHERE queue_id = ANY(@ids)";
        command.Parameters.AddWithValue("ids", queueIds.ToArray());
        var states = new Dictionary<string, int>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            states[reader.GetString(0)] = Convert.ToInt32(reader.GetValue(1));
        }
        return states;
    }

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.StopAllSilosAsync();
            await _cluster.DisposeAsync();
        }
        if (_services is not null)
        {
            await _services.DisposeAsync();
        }
        if (ConnectionString.Length > 0 && Environment.GetEnvironmentVariable("SMGW_TEST_KEEP_DB") != "1")
        {
            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection(TestEnvironment.PostgresConnectionString);
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = $"DROP DATABASE IF EXISTS \"{new NpgsqlConnectionStringBuilder(ConnectionString).Database}\" WITH (FORCE)";
            await command.ExecuteNonQueryAsync();
        }
    }
}
