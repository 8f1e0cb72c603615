using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Smgw.Interfaces.Directory;

/// <summary>Keeps <see cref="TenantDirectory"/> fresh: at start, then every few seconds.</summary>
public sealed class TenantDirectoryRefresher(TenantDirectory directory, TimeProvider time, ILogger<TenantDirectoryRefresher> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        do
        {
            try
            {
                await directory.RefreshAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "Refreshing the tenant directory failed; the last copy stays in use");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
