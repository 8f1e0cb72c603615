using Microsoft.Extensions.Configuration;
using Orleans.Configuration;
using Orleans.TestingHost;
using Smgw.Silo.Hosting;
using Smgw.Storage;

namespace Smgw.Tests.Cluster;

/// <summary>The test's cluster client: finds the gateways in the same PostgreSQL membership table as the silos.</summary>
public sealed class SmgwClientConfigurator : IClientBuilderConfigurator
{
    public void Configure(IConfiguration configuration, IClientBuilder client)
    {
        var storage = configuration.GetSection(StorageOptions.Section).Get<StorageOptions>()
            ?? throw new InvalidOperationException($"{StorageOptions.Section} is missing from the test cluster's configuration.");
        var cluster = configuration.GetSection(SmgwClusterOptions.Section).Get<SmgwClusterOptions>() ?? new SmgwClusterOptions();
        client.Configure<ClusterOptions>(o =>
        {
            o.ClusterId = cluster.ClusterId;
            o.ServiceId = cluster.ServiceId;
        });
        client.UseAdoNetClustering(o =>
        {
            o.Invariant = storage.Invariant;
            o.ConnectionString = storage.ConnectionString;
        });
        // A killed silo's gateway leaves the list within a second, not a minute.
        client.Configure<GatewayOptions>(o => o.GatewayListRefreshPeriod = TimeSpan.FromSeconds(1));
    }
}
