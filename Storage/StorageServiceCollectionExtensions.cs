using Smgw.Interfaces.Settings;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Smgw.Storage;

public static class StorageServiceCollectionExtensions
{
    /// <summary>
    /// Binds and validates <c>Smgw:Storage</c>; with SQLite and no connection string, the database
    /// is <c>{dataDirectory}/smgw.db</c>.
    /// </summary>
    public static IServiceCollection AddSmgwStorage(this IServiceCollection services, string dataDirectory)
    {
        services.AddOptions<StorageOptions>()
            .BindSettings(StorageOptions.Section)
            .PostConfigure(o =>
            {
                if (o.Provider == StorageProvider.Sqlite && string.IsNullOrWhiteSpace(o.ConnectionString))
                {
                    o.ConnectionString = $"Data Source={Path.Combine(dataDirectory, "smgw.db")};Pooling=False";
                }
            })
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddOptions<QueueOptions>()
            .BindSettings(QueueOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddOptions<Secrets.SecretsOptions>().BindSettings(Secrets.SecretsOptions.Section);
        services.AddSingleton<Secrets.SecretProtector>();
        services.AddSingleton<SmgwDatabase>();
        services.AddSingleton<MessageIntake>();
        services.AddSingleton<CommitHealth>();
        services.AddSingleton<MessageStore>();
        services.TryAddSingleton(TimeProvider.System);
        return services;
    }
}
