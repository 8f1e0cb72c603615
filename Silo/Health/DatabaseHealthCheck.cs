using Microsoft.Extensions.Diagnostics.HealthChecks;
using Smgw.Storage;

namespace Smgw.Silo.Health;

/// <summary>Ready only when the database answers.</summary>
public sealed class DatabaseHealthCheck(SmgwDatabase database) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await Task.Run(async () =>
            {
                await using var connection = await database.OpenAsync(cancellationToken);
                await using var command = connection.CreateCommand();
                command.CommandText = "SELECT 1";
                await command.ExecuteScalarAsync(cancellationToken);
            }, cancellationToken);
            return HealthCheckResult.Healthy($"{database.Provider} answers");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy($"{database.Provider} does not answer: {ex.Message}");
        }
    }
}
