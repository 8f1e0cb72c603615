using Smgw.Storage.Heartbeats;
using Smgw.Interfaces.Settings;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Smgw.Grains;
using Smgw.Interfaces;
using Smgw.Silo.Health;
using Smgw.Silo.Tenants;
using Smgw.Storage;
using Smgw.Storage.Logging;

namespace Smgw.Silo.Hosting;

public static class SiloHostingExtensions
{
    /// <summary>
    /// The silo: storage (SQLite all-in-one or PostgreSQL cluster, chosen by <c>Smgw:Storage:Provider</c>),
    /// schema at start, Orleans with ADO.NET persistence and reminders, the grains' services,
    /// health checks and the tenants file.
    /// </summary>
    public static WebApplicationBuilder AddSmgwSilo(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        builder.Logging.AddSmgwConsole();
        var dataDirectory = DataDirectory.Resolve(configuration);

        builder.Services.AddSmgwStorage(dataDirectory);
        builder.Services.AddOptions<SmgwClusterOptions>().BindSettings(SmgwClusterOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<HttpOptions>().BindSettings(HttpOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddHostedService<SchemaInstaller>(); // before Orleans: it reads its queries at start
        // Durable evidence that the gateway runs: this process is a silo and, with its SMTP listeners, a frontend.
        builder.Services.AddHeartbeat(configuration.GetValue(SmtpFrontend.SmtpOptions.Section + ":Enabled", true)
            ? [Heartbeat.SiloRole, Heartbeat.FrontendRole]
            : [Heartbeat.SiloRole]);

        var storage = configuration.GetSection(StorageOptions.Section).Get<StorageOptions>() ?? new StorageOptions();
        var connectionString = storage.ConnectionString is { Length: > 0 } cs
            ? cs
            : $"Data Source={Path.Combine(dataDirectory, "smgw.db")};Pooling=False";
        var cluster = configuration.GetSection(SmgwClusterOptions.Section).Get<SmgwClusterOptions>() ?? new SmgwClusterOptions();

        builder.UseOrleans(silo => ConfigureSilo(silo, storage.Provider, storage.Invariant, connectionString, cluster));

        builder.Services.AddSmgwGrainServices();
        builder.Services.AddSingleton<TenantFileApplier>();
        builder.Services.AddOptions<Reminders.ReminderOptions>().BindSettings(Reminders.ReminderOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<Reminders.ReminderCollector>();
        builder.Services.AddSingleton<Checks.TransportSecurityCheck>();
        builder.Services.AddSingleton<Checks.SpoofingCheck>();
        builder.Services.AddSingleton<Checks.OrganisationCertificateCheck>();
        builder.Services.AddSingleton<Checks.TlsCertificateCheck>();
        builder.Services.AddSingleton<Checks.AddressListCheck>();
        builder.Services.AddSingleton<Checks.PassiveMailboxCheck>();
        builder.Services.AddSingleton<Checks.PublicationCheck>();
        builder.Services.AddSingleton<Publication.IPublicationProbe, Publication.OrganisationCertificateProbe>();
        builder.Services.AddSingleton<Publication.IPublicationProbe, Publication.OpenPgpKeyProbe>();
        builder.Services.AddHttpClient(Publication.OrganisationCertificateProbe.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(20));
        builder.Services.AddOptions<Smgw.Grains.Sla.SlaOptions>().BindSettings(Smgw.Grains.Sla.SlaOptions.SectionName)
            .Validate(o => { o.Validate(); return true; }).ValidateOnStart();
        builder.Services.AddHostedService<Sla.SlaMetrics>();
        builder.Services.AddHostedService<Sla.GatewayAvailabilityService>();
        builder.Services.AddOptions<Probe.ProbeOptions>().BindSettings(Probe.ProbeOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        if (configuration.GetValue(Probe.ProbeOptions.Section + ":Enabled", false))
        {
            builder.Services.AddHostedService<Probe.ProbeService>();
        }
        builder.Services.AddOptions<Checks.ChecksOptions>().BindSettings(Checks.ChecksOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddHostedService<Reminders.ReminderMetrics>();
        builder.Services.AddHostedService<TenantFileLoader>();
        builder.AddSmgwTenantData();
        builder.Services.AddSingleton<DatabaseHealthCheck>(); // one instance: it keeps the last probe
        builder.Services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database", tags: ["ready"])
            .AddCheck<DirectoryHealthCheck>("tenant-directory", tags: ["ready"])
            .AddCheck<SmtpHealthCheck>("smtp", tags: ["ready"]);

        builder.Services.AddSmgwJson();
        builder.Services.AddSingleton<Api.ApiAccess>();

        var http = configuration.GetSection(HttpOptions.Section).Get<HttpOptions>() ?? new HttpOptions();
        builder.WebHost.UseUrls(http.Listen);
        return builder;
    }

    /// <summary>Orleans configuration shared by the real silo and the test clusters.</summary>
    /// <param name="configureEndpoints">
    /// Cluster mode only: bind the silo and gateway ports from <paramref name="cluster"/>. A TestingHost
    /// cluster passes false, because it assigns each silo its own ports.
    /// </param>
    public static void ConfigureSilo(
        ISiloBuilder silo, StorageProvider provider, string invariant, string connectionString, SmgwClusterOptions cluster, bool configureEndpoints = true)
    {
        silo.Configure<ClusterOptions>(o =>
        {
            o.ClusterId = cluster.ClusterId;
            o.ServiceId = cluster.ServiceId;
        });
        if (provider == StorageProvider.Sqlite)
        {
            silo.UseLocalhostClustering(cluster.SiloPort, cluster.GatewayPort, serviceId: cluster.ServiceId, clusterId: cluster.ClusterId);
        }
        else
        {
            silo.UseAdoNetClustering(o =>
            {
                o.Invariant = invariant;
                o.ConnectionString = connectionString;
            });
            if (configureEndpoints)
            {
                silo.ConfigureEndpoints(System.Net.IPAddress.Parse(cluster.AdvertisedIPAddress), cluster.SiloPort, cluster.GatewayPort, listenOnAnyHostAddress: false);
            }
        }
        silo.AddAdoNetGrainStorage(StorageNames.Grains, o =>
        {
            o.Invariant = invariant;
            o.ConnectionString = connectionString;
        });
        silo.UseAdoNetReminderService(o =>
        {
            o.Invariant = invariant;
            o.ConnectionString = connectionString;
        });
    }
}
