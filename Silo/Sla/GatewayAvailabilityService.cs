using Microsoft.Extensions.Options;
using Smgw.Grains.Sla;
using Smgw.Interfaces.Sla;
using Smgw.Storage.Heartbeats;

namespace Smgw.Silo.Sla;

/// <summary>
/// Turns the heartbeat rows into "gateway not running" interruptions (<see cref="GatewayDowntime"/>)
/// and records them with the SLA grain: at start (a restart after SIGKILL finds the gap its
/// predecessor left) and every heartbeat interval (in a cluster, a surviving silo sees the
/// frontends or the other silos fall silent). Every silo does it; the records are idempotent.
/// </summary>
public sealed class GatewayAvailabilityService(
    IGrainFactory grains,
    HeartbeatStore heartbeats,
    IOptions<HeartbeatOptions> options,
    TimeProvider time,
    ILogger<GatewayAvailabilityService> logger) : BackgroundService
{
    private static readonly TimeSpan PruneEvery = TimeSpan.FromHours(1);
    private DateTimeOffset _pruned = DateTimeOffset.MinValue;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.HeartbeatInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await EvaluateAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "Deriving the gateway's downtime from the heartbeats failed; the next round tries again");
            }
        }
    }

    private async Task EvaluateAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var rows = await heartbeats.ReadAsync(cancellationToken);
        var derived = GatewayDowntime.Derive(rows, options.Value.AllowedSilence, now);
        if (derived.Count > 0 && await grains.GetGrain<ISlaGrain>(ISlaGrain.DefaultKey).RecordGatewayDownAsync(derived) > 0)
        {
            foreach (var outage in derived)
            {
                logger.LogWarning("Interruption {Id} from {Start:u} to {End}: {What}", outage.Id, outage.Start, outage.End?.ToString("u") ?? "(ongoing)", outage.WhatFailed);
            }
            SlaMetrics.RequestRefresh();
        }
        if (now - _pruned > PruneEvery)
        {
            _pruned = now;
            var removed = await heartbeats.PruneAsync(now - options.Value.Retention, cancellationToken);
            if (removed > 0)
            {
                logger.LogInformation("Removed {Count} heartbeat rows older than {Retention}", removed, options.Value.Retention);
            }
        }
    }
}
