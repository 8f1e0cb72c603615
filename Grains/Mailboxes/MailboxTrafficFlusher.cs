using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Smgw.Interfaces.Directory;
using Smgw.Interfaces.Mailboxes;

namespace Smgw.Grains.Mailboxes;

/// <summary>
/// Every <see cref="MailboxTrafficOptions.FlushInterval"/> (and at shutdown) hands this silo's
/// collected last-traffic times to the tenants' <see cref="ITenantMailboxesGrain"/>s: one call per
/// tenant, grouped by the address's domain through the in-memory tenant directory.
/// </summary>
public sealed class MailboxTrafficFlusher(
    MailboxTraffic traffic,
    TenantDirectory directory,
    IGrainFactory grains,
    IOptions<MailboxTrafficOptions> options,
    TimeProvider time,
    ILogger<MailboxTrafficFlusher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.FlushInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await FlushAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        try
        {
            await FlushAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // Stopping ran out of time (or the silo is being killed): at most one interval of
            // last-seen times is lost; never fail the shutdown for it.
            logger.LogWarning("Mailbox traffic was not flushed at shutdown (stopping was cancelled)");
        }
    }

    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        var batch = traffic.TakeAll();
        if (batch.Count == 0)
        {
            return;
        }
        var byTenant = new Dictionary<string, Dictionary<string, DateTimeOffset>>(StringComparer.Ordinal);
        try
        {
            foreach (var (address, when) in batch)
            {
                var at = address.LastIndexOf('@');
                if (at < 0 || await directory.FindByDomainAsync(address[(at + 1)..], cancellationToken) is not { } tenant)
                {
                    continue; // not a tenant's address: nobody to tell
                }
                if (!byTenant.TryGetValue(tenant.Id, out var addresses))
                {
                    byTenant[tenant.Id] = addresses = new(StringComparer.OrdinalIgnoreCase);
                }
                addresses[address] = when;
            }
        }
        catch (Exception ex)
        {
            // The directory could not be asked (cancelled, or the cluster is unreachable): keep the batch for the next flush.
            traffic.Return(batch);
            if (ex is OperationCanceledException)
            {
                throw;
            }
            logger.LogWarning(ex, "Could not sort the mailbox traffic by tenant; trying again at the next flush");
            return;
        }
        foreach (var (tenantId, addresses) in byTenant)
        {
            try
            {
                await grains.GetGrain<ITenantMailboxesGrain>(tenantId).RecordTrafficAsync(addresses);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                traffic.Return(addresses);
                logger.LogWarning(ex, "Could not record the mailbox traffic of tenant {Tenant}; trying again at the next flush", tenantId);
            }
        }
    }
}
