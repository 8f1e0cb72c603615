using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.TestingHost;
using Smgw.Grains;
using Smgw.Silo.Hosting;
using Smgw.Storage;

namespace Smgw.Tests.Cluster;

/// <summary>
/// Makes each TestingHost silo an SMGW silo: the production Orleans configuration
/// (<see cref="SiloHostingExtensions.ConfigureSilo"/>: ADO.NET clustering, grain storage and reminders)
/// and the production services, all bound from the cluster's configuration
/// (<see cref="PostgresClusterFixture"/> fills it). TestingHost creates this type by reflection, so
/// everything it needs comes from <see cref="ISiloBuilder.Configuration"/>.
/// </summary>
public sealed class SmgwSiloConfigurator : ISiloConfigurator
{
    /// <summary>Section bound to <see cref="ClusterMembershipOptions"/> (failure detection tuned for tests).</summary>
    public const string MembershipSection = "Orleans:Membership";

    public void Configure(ISiloBuilder silo)
    {
        var configuration = silo.Configuration;
        var storage = configuration.GetSection(StorageOptions.Section).Get<StorageOptions>()
            ?? throw new InvalidOperationException($"{StorageOptions.Section} is missing from the test cluster's configuration.");
        var cluster = configuration.GetSection(SmgwClusterOptions.Section).Get<SmgwClusterOptions>() ?? new SmgwClusterOptions();

        // TestingHost assigns each silo its own ports (Orleans:Endpoints): ConfigureSilo must not bind the fixed ones.
        SiloHostingExtensions.ConfigureSilo(silo, storage.Provider, storage.Invariant, storage.ConnectionString!, cluster, configureEndpoints: false);
        silo.Services.AddOptions<ClusterMembershipOptions>().Bind(configuration.GetSection(MembershipSection));

        silo.Services.AddSmgwStorage(DataDirectory.Resolve(configuration));
        // The production stage behind a switch for injected faults (FaultInjectingPolicyStage; inert unless a test names its message).
        silo.Services.AddSingleton<Smgw.Grains.Policy.SmimePolicyStage>();
        silo.Services.AddSingleton<Smgw.Grains.Policy.IPolicyStage, FaultInjectingPolicyStage>();
        silo.Services.AddSmgwGrainServices();
    }
}
