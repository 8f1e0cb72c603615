using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Smgw.Grains.Delivery;
using Smgw.Interfaces;
using Smgw.Storage;

namespace Smgw.Grains.Messages;

/// <summary>
/// Wakes the grains of messages that are due: retries whose back-off has passed, and messages
/// whose workflow stopped with a silo. At start it resumes every queued message (queue
/// recovery); afterwards it scans every <see cref="QueueOptions.ScanInterval"/>. Runs on every
/// silo; a grain woken twice simply finds nothing due the second time.
/// </summary>
public sealed class QueueManager(
    MessageStore store,
    IGrainFactory grains,
    IOptions<QueueOptions> options,
    TimeProvider time,
    ILogger<QueueManager> logger) : BackgroundService
{
    private long _scans;

    /// <summary>Scans made by this silo's queue manager since it started.</summary>
    public long Scans => Interlocked.Read(ref _scans);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var horizon = options.Value.ResumeAfter; // first scan: everything still queued
        using var timer = new PeriodicTimer(options.Value.ScanInterval, time);
        do
        {
            try
            {
                await ScanAsync(horizon, stoppingToken);
                horizon = TimeSpan.Zero;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "Queue scan failed; trying again in {Interval}", options.Value.ScanInterval);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private async Task ScanAsync(TimeSpan horizon, CancellationToken cancellationToken)
    {
        var due = await store.DueAsync(time.GetUtcNow() + horizon, options.Value.ScanBatch, cancellationToken);
        Interlocked.Increment(ref _scans);
        DeliveryMetrics.QueueDepth.Set(await store.CountQueuedAsync(cancellationToken));
        if (due.Count == 0)
        {
            return;
        }
        logger.LogInformation("Resuming {Count} due message(s)", due.Count);
        await Parallel.ForEachAsync(
            due,
            new ParallelOptions { MaxDegreeOfParallelism = 32, CancellationToken = cancellationToken },
            async (queueId, _) =>
            {
                try
                {
                    await grains.GetGrain<IMessageGrain>(queueId).ResumeAsync();
                }
                catch (Exception ex)
                {
                    logger.LogWarning(ex, "{QueueId}: resuming failed; the next scan tries again", queueId);
                }
            });
    }
}
