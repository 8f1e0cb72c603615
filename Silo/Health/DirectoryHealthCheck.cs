using Microsoft.Extensions.Diagnostics.HealthChecks;
using Smgw.Interfaces.Directory;

namespace Smgw.Silo.Health;

/// <summary>Ready once the tenant directory was loaded from the cluster (the SMTP listeners need it).</summary>
public sealed class DirectoryHealthCheck(TenantDirectory directory) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(directory.IsLoaded
            ? HealthCheckResult.Healthy($"tenant directory version {directory.Version}")
            : HealthCheckResult.Unhealthy("tenant directory not loaded yet"));
}
