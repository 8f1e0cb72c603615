using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Smgw.SmtpFrontend;
using Smgw.SmtpFrontend.Hosting;

namespace Smgw.Silo.Health;

/// <summary>Ready once both SMTP listeners are bound (when this process hosts them).</summary>
public sealed class SmtpHealthCheck(SmtpListenerState state, IOptions<SmtpOptions> options) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(!options.Value.Enabled || state.Ready
            ? HealthCheckResult.Healthy(options.Value.Enabled ? "SMTP listeners bound" : "SMTP listeners not hosted here")
            : HealthCheckResult.Unhealthy("SMTP listeners not bound yet"));
}
