using Smgw.Interfaces.Settings;
using System.Net;
using DnsClient;
using Microsoft.Extensions.Options;
using Smgw.Interfaces.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Smgw.Crypto.Certificates.Revocation;
using Smgw.Grains.Delivery;
using Smgw.Grains.Messages;
using Smgw.Grains.Policy;
using Smgw.Interfaces.Directory;

namespace Smgw.Grains;

public static class GrainsServiceCollectionExtensions
{
    /// <summary>What the grains need besides storage: delivery, the policy stage, the queue manager.</summary>
    public static IServiceCollection AddSmgwGrainServices(this IServiceCollection services)
    {
        services.AddOptions<DeliveryOptions>()
            .BindSettings(DeliveryOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddTenantDirectory();
        services.TryAddSingleton<ILookupClient>(provider =>
        {
            var servers = provider.GetRequiredService<IOptions<DeliveryOptions>>().Value.DnsServers
                .Select(s => HostPort.Parse(s, 53, "Smgw:Delivery:DnsServers"))
                .Select(hp => new NameServer(IPAddress.Parse(hp.Host), hp.Port))
                .ToArray();
            var options = servers.Length > 0 ? new LookupClientOptions(servers) : new LookupClientOptions();
            options.UseCache = true;
            options.Timeout = TimeSpan.FromSeconds(10);
            options.Retries = 2;
            return new LookupClient(options);
        });
        services.AddSingleton<DestinationResolver>();
        services.AddSingleton<SmtpConnectionPool>();
        services.AddHostedService(provider => provider.GetRequiredService<SmtpConnectionPool>());
        services.AddSingleton<SmtpDeliveryAgent>();
        services.AddOptions<Wkd.WkdOptions>()
            .BindSettings(Wkd.WkdOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton<Wkd.WkdClient>();
        services.TryAddSingleton<PolicyContextLoader>();
        services.AddOptions<RevocationOptions>()
            .BindSettings(RevocationOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton(provider => new RevocationChecker(
            new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5), MaxAutomaticRedirections = 3 }),
            provider.GetRequiredService<IOptions<RevocationOptions>>(),
            provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<Microsoft.Extensions.Logging.ILogger<RevocationChecker>>()));
        services.TryAddSingleton<KeyCache>();
        services.TryAddSingleton<KeyRevocation>();
        services.TryAddSingleton<IPolicyStage, SmimePolicyStage>();
        services.AddHostedService<QueueManager>();
        services.AddOptions<Mailboxes.MailboxTrafficOptions>()
            .BindSettings(Mailboxes.MailboxTrafficOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<Mailboxes.MailboxTraffic>();
        services.AddSingleton<Mailboxes.MailboxTrafficFlusher>();
        services.AddHostedService(provider => provider.GetRequiredService<Mailboxes.MailboxTrafficFlusher>());
        services.AddOptions<Messenger.MessengerOptions>()
            .BindSettings(Messenger.MessengerOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddKeyedSingleton<TimeProvider>(Messenger.MessengerOptions.Clock, (provider, _) => provider.GetRequiredService<TimeProvider>());
        services.AddSingleton<Messenger.MessengerSubmitter>();
        services.AddSingleton<Messenger.MessengerDelivery>();
        return services;
    }
}
