using System.Net;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Smgw.Storage;

namespace Smgw.Silo.Health;

/// <summary>
/// Ready only when the gateway can commit a message: a write through the message store's writer
/// (not a read: a full disk still answers SELECT 1), and none of the commits since failed. After a
/// commit failed, the probe writes as many bytes as that message had; when that succeeds, the
/// gateway is ready again. The probe runs at most every <see cref="ProbeInterval"/>.
/// </summary>
public sealed class DatabaseHealthCheck(SmgwDatabase database, MessageStore store, CommitHealth commits, TimeProvider time, ILogger<DatabaseHealthCheck> logger) : IHealthCheck
{
    public static readonly TimeSpan ProbeInterval = TimeSpan.FromSeconds(2);
    private const int ProbeBytes = 4096;

    private readonly string _node = Dns.GetHostName();
    private readonly SemaphoreSlim _probing = new(1, 1);
    private (DateTimeOffset At, CommitHealth.Failure? For, HealthCheckResult Result)? _last;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        await _probing.WaitAsync(cancellationToken);
        try
        {
            var failure = commits.Current;
            if (_last is { } last && last.For == failure && time.GetUtcNow() - last.At < ProbeInterval)
            {
                return last.Result;
            }
            var result = await ProbeAsync(failure, cancellationToken);
            if (result.Status != (_last?.Result.Status ?? HealthStatus.Healthy))
            {
                // Readiness answers only the status: the reason is in the log, once per change.
                logger.Log(result.Status == HealthStatus.Healthy ? LogLevel.Information : LogLevel.Warning, "Readiness (database): {Status}: {Description}", result.Status, result.Description);
            }
            _last = (time.GetUtcNow(), commits.Current, result);
            return result;
        }
        finally
        {
            _probing.Release();
        }
    }

    private async Task<HealthCheckResult> ProbeAsync(CommitHealth.Failure? failure, CancellationToken cancellationToken)
    {
        var size = Math.Max(ProbeBytes, failure?.Size ?? 0);
        try
        {
            await store.ProbeWriteAsync(_node, size, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy(failure is null
                ? $"{database.Provider} cannot commit: {ex.GetBaseException().Message}"
                : $"{database.Provider} cannot commit: a message of {failure.Size} bytes failed at {failure.At:u} ({failure.Reason}); the probe of that size fails too: {ex.GetBaseException().Message}");
        }
        if (failure is not null && commits.Current == failure)
        {
            // The size that failed fits now: ready again (the next commit confirms it).
            commits.Succeeded();
        }
        return HealthCheckResult.Healthy($"{database.Provider} commits ({size} bytes probed)");
    }
}
