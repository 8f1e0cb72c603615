using Microsoft.Extensions.DependencyInjection;
using Smgw.Interfaces.Settings;

namespace Smgw.Storage.Heartbeats;

public static class HeartbeatServiceCollectionExtensions
{
    /// <summary>This process writes heartbeats as <paramref name="roles"/> (<c>Smgw:Availability</c>); needs the storage services.</summary>
    public static IServiceCollection AddHeartbeat(this IServiceCollection services, params string[] roles)
    {
        services.AddOptions<HeartbeatOptions>().BindSettings(HeartbeatOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(new HeartbeatRoles(roles));
        services.AddSingleton<HeartbeatStore>();
        services.AddHostedService<HeartbeatService>();
        return services;
    }
}
