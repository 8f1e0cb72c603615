using Smgw.Storage.Heartbeats;
using Smgw.Interfaces.Settings;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using Smgw.SmtpFrontend;
using Smgw.Storage;
using Smgw.Storage.Logging;

namespace Smgw.SmtpFrontend.Hosting;

public static class FrontendProcessExtensions
{
    /// <summary>
    /// What a standalone frontend needs besides the listeners: the message store (bodies go to the
    /// shared database), an Orleans client that finds the silos through the same database
    /// (PostgreSQL) or on this host (SQLite), and <c>/metrics</c>.
    /// </summary>
    public static IHostApplicationBuilder AddSmgwFrontendProcess(this IHostApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        builder.Logging.AddSmgwConsole();
        builder.Services.AddSmgwStorage(DataDirectory.Resolve(configuration));
        builder.Services.AddHeartbeat(Smgw.Storage.Heartbeats.Heartbeat.FrontendRole);
        builder.Services.AddOptions<SmgwClusterOptions>().BindSettings(SmgwClusterOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<FrontendOptions>().BindSettings(FrontendOptions.Section).ValidateDataAnnotations().ValidateOnStart();

        var storage = configuration.GetSection(StorageOptions.Section).Get<StorageOptions>() ?? new StorageOptions();
        var cluster = configuration.GetSection(SmgwClusterOptions.Section).Get<SmgwClusterOptions>() ?? new SmgwClusterOptions();
        builder.UseOrleansClient(client =>
        {
            client.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = cluster.ClusterId;
                o.ServiceId = cluster.ServiceId;
            });
            if (storage.Provider == StorageProvider.PostgreSql)
            {
                client.UseAdoNetClustering(o =>
                {
                    o.Invariant = storage.Invariant;
                    o.ConnectionString = storage.ConnectionString;
                });
            }
            else
            {
                client.UseLocalhostClustering(cluster.GatewayPort, cluster.ServiceId, cluster.ClusterId);
            }
        });
        builder.Services.AddHostedService<MetricsEndpoint>();
        return builder;
    }
}
