using Microsoft.Extensions.Options;
using Smgw.Storage;

namespace Smgw.Silo.Hosting;

/// <summary>Applies the schema scripts before Orleans starts (it reads its named queries at start).</summary>
public sealed class SchemaInstaller(SmgwDatabase database, IOptions<StorageOptions> options) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.ApplySchemaAtStart)
        {
            return;
        }
        try
        {
            await database.ApplySchemaAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw new InvalidOperationException(
                $"The database given by Smgw:Storage:Provider={options.Value.Provider} and Smgw:Storage:ConnectionString could not be prepared: {ex.Message}", ex);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
