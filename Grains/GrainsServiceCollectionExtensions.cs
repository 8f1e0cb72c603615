using DnsClient;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
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
            .BindConfiguration(DeliveryOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddTenantDirectory();
        services.TryAddSingleton<ILookupClient>(_ => new LookupClient(new LookupClientOptions { UseCache = true, Timeout = TimeSpan.FromSeconds(10) }));
        services.AddSingleton<DestinationResolver>();
        services.AddSingleton<SmtpDeliveryAgent>();
        services.TryAddSingleton<IPolicyStage, PassThroughPolicyStage>();
        services.AddHostedService<QueueManager>();
        return services;
    }
}
