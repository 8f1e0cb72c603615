using Smgw.Interfaces;
using Smgw.Interfaces.Sla;

namespace Smgw.Silo.Notices;

/// <summary>
/// SLA-3: the notice of a maintenance window to the contacts (CL-15) of every affected tenant (all
/// tenants when the window names none), in each contact's or tenant's language, with start, end,
/// whether an outage is expected, and the effects.
/// </summary>
public sealed class MaintenanceNotices(IGrainFactory grains, NoticeSender sender, Microsoft.Extensions.Options.IOptions<Probe.ProbeOptions> probe, ILogger<MaintenanceNotices> logger)
{
    /// <summary>Per affected tenant: the mails queued, or why none was (no contacts).</summary>
    public sealed record TenantNotice(string TenantId, IReadOnlyList<NoticeSent> Sent, string? NotSent);

    public async Task<IReadOnlyList<TenantNotice>> SendAsync(MaintenanceRecord window, CancellationToken cancellationToken = default)
    {
        // the synthetic probe's tenant has no contacts to tell
        var tenants = (await grains.GetGrain<ITenantRegistryGrain>(ITenantRegistryGrain.DefaultKey).GetSnapshotAsync()).Tenants
            .Where(t => t.Id != probe.Value.TenantId).ToList();
        var affected = window.Tenants.Count == 0 ? tenants : tenants.Where(t => window.Tenants.Contains(t.Id, StringComparer.Ordinal)).ToList();
        var result = new List<TenantNotice>();
        foreach (var tenant in affected)
        {
            try
            {
                // one notice per tenant and version of the window (a corrected window is announced again)
                var sent = await sender.SendAsync(tenant.Id, NoticeTexts.Maintenance(window, tenant.Name), $"maintenance|{window.Id}|{window.RecordedAt?.ToUnixTimeMilliseconds()}", cancellationToken);
                result.Add(new TenantNotice(tenant.Id, sent, sent.Count == 0 ? "no contacts recorded (CL-15)" : null));
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The window is recorded either way; the answer says which tenants were not told, so they can be told another way.
                logger.LogError(ex, "Maintenance notice {WindowId} for tenant {TenantId} could not be queued", window.Id, tenant.Id);
                result.Add(new TenantNotice(tenant.Id, [], $"queuing the notice failed: {ex.Message}"));
            }
        }
        foreach (var unknown in window.Tenants.Where(id => tenants.All(t => t.Id != id)))
        {
            result.Add(new TenantNotice(unknown, [], "no such tenant"));
        }
        return result;
    }
}
