using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Smgw.Interfaces.Directory;

public static class DirectoryServiceCollectionExtensions
{
    /// <summary>The in-process tenant directory and its refresher (once, however often called).</summary>
    public static IServiceCollection AddTenantDirectory(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        if (services.Any(s => s.ServiceType == typeof(TenantDirectory)))
        {
            return services;
        }
        services.AddSingleton<TenantDirectory>();
        services.AddHostedService<TenantDirectoryRefresher>();
        return services;
    }
}
