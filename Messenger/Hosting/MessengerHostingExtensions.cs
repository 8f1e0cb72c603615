using Smgw.Interfaces.Settings;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Prometheus;
using Smgw.Interfaces.Net;

namespace Smgw.Messenger.Hosting;

public static class MessengerHostingExtensions
{
    /// <summary>
    /// The Messenger inside a host that already has Orleans (the all-in-one silo): validates
    /// <c>Smgw:Messenger</c> and, when <c>Smgw:Messenger:Enabled</c> (or <paramref name="always"/>), serves it.
    /// Unset, it is on in the all-in-one (SQLite storage: the one process has everything) and off on
    /// the silos of a PostgreSQL cluster (run the Messenger process, e.g. in a DMZ).
    /// </summary>
    public static IHostApplicationBuilder AddSmgwMessenger(this IHostApplicationBuilder builder, bool always = false)
    {
        builder.Services.AddOptions<MessengerWebOptions>().BindSettings(MessengerWebOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        var allInOne = !string.Equals(builder.Configuration["Smgw:Storage:Provider"], "PostgreSql", StringComparison.OrdinalIgnoreCase);
        if (always || (builder.Configuration.GetValue<bool?>(MessengerWebOptions.Section + ":Enabled") ?? allInOne))
        {
            builder.Services.AddHostedService<MessengerWebHost>();
        }
        return builder;
    }

    /// <summary>
    /// The standalone Messenger (e.g. in a DMZ): an Orleans client that finds the silos through the
    /// cluster database (PostgreSQL) or on this host (SQLite all-in-one), and <c>/metrics</c> on
    /// <c>Smgw:Messenger:MetricsListen</c>. It needs no message store: everything goes through grains.
    /// </summary>
    public static IHostApplicationBuilder AddSmgwMessengerProcess(this IHostApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var provider = configuration["Smgw:Storage:Provider"] ?? "Sqlite";
        var connectionString = configuration["Smgw:Storage:ConnectionString"] ?? "";
        var clusterId = configuration["Smgw:Cluster:ClusterId"] ?? "smgw";
        var serviceId = configuration["Smgw:Cluster:ServiceId"] ?? "smgw";
        var gatewayPort = configuration.GetValue("Smgw:Cluster:GatewayPort", 30000);
        builder.UseOrleansClient(client =>
        {
            client.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = clusterId;
                o.ServiceId = serviceId;
            });
            if (provider.Equals("PostgreSql", StringComparison.OrdinalIgnoreCase))
            {
                client.UseAdoNetClustering(o =>
                {
                    o.Invariant = "Npgsql";
                    o.ConnectionString = connectionString;
                });
            }
            else
            {
                client.UseLocalhostClustering(gatewayPort, serviceId, clusterId);
            }
        });
        builder.Services.AddHostedService<MessengerMetricsEndpoint>();
        return builder.AddSmgwMessenger(always: true);
    }
}

/// <summary>Serves <c>/metrics</c> from the standalone Messenger.</summary>
internal sealed class MessengerMetricsEndpoint(IOptions<MessengerWebOptions> options) : IHostedService
{
    private MetricServer? _server;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var endpoint = HostPort.Parse(options.Value.MetricsListen, 9465, "Smgw:Messenger:MetricsListen");
        _server = new MetricServer(endpoint.Host, endpoint.Port);
        try
        {
            _server.Start();
        }
        catch (System.Net.HttpListenerException ex)
        {
            throw new Smgw.Interfaces.Settings.SettingsException([$"Smgw:Messenger:MetricsListen {endpoint} cannot be bound: {ex.Message}"]);
        }
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_server is not null)
        {
            await _server.StopAsync();
        }
    }
}
