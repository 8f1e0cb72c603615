using System.Net;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Smgw.Storage.Heartbeats;

/// <summary>
/// Writes this process's heartbeat: at start, every <see cref="HeartbeatOptions.HeartbeatInterval"/>
/// and a last one (marked stopped) when the process stops. A process killed with SIGKILL writes
/// nothing more: its silence is what the availability accounting reads (docs/SLA.md).
/// </summary>
public sealed class HeartbeatService(
    HeartbeatStore store,
    IOptions<HeartbeatOptions> options,
    HeartbeatRoles roles,
    TimeProvider time,
    ILogger<HeartbeatService> logger) : BackgroundService
{
    private readonly string _instance = Guid.CreateVersion7().ToString("N");
    private DateTimeOffset _started;
    private bool _failing;

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        _started = time.GetUtcNow();
        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        logger.LogInformation("Heartbeat {Instance} ({Roles}) every {Interval}", _instance, string.Join(',', roles.Roles), options.Value.HeartbeatInterval);
        using var timer = new PeriodicTimer(options.Value.HeartbeatInterval, time);
        do
        {
            await BeatAsync(stopped: false, stoppingToken);
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await BeatAsync(stopped: true, cancellationToken); // the gap of a planned stop starts now
    }

    private async Task BeatAsync(bool stopped, CancellationToken cancellationToken)
    {
        try
        {
            await store.BeatAsync(new Heartbeat(_instance, roles.Roles, Dns.GetHostName(), _started, time.GetUtcNow(), stopped), cancellationToken);
            if (_failing)
            {
                logger.LogInformation("Heartbeat written again");
                _failing = false;
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Not written: to the accounting this process is silent, as it would be if it had died.
            if (!_failing)
            {
                logger.LogWarning(ex, "Writing the heartbeat failed; while it fails, this process counts as not running");
                _failing = true;
            }
        }
    }
}

/// <summary>What this process is, for its heartbeat: "silo", "frontend", or both (the all-in-one).</summary>
public sealed record HeartbeatRoles(IReadOnlyList<string> Roles);
