using Smgw.Interfaces.Sla;

namespace Smgw.Grains.Sla;

/// <summary>From the stored records to the calculator's timeline.</summary>
public static class SlaTimelines
{
    public static SlaTimeline From(SlaRecords records, IReadOnlyList<string> knownTenants, SlaOptions? options = null) => new(
        records.Outages.Select(o => new OutageInterval(o.Id, o.Start, o.End, o.WhatFailed, Scope(o.Tenants))).ToList(),
        records.Maintenance.SelectMany(m => Windows(m, options ?? new SlaOptions())).ToList(),
        records.Exclusions.Select(x => new DisturbanceExclusion(x.Id, x.Start, x.End, Scope(x.Tenants), x.Reason, x.TaggedBy, x.TaggedAt, null)).ToList(),
        knownTenants);

    /// <summary>
    /// A maintenance record as the calculator judges it (issue G §2): for the tenants the gateway's
    /// notice mail reached, announced when it was queued; for every affected tenant, the
    /// announcement recorded another way, counting from when it was recorded (or never announced).
    /// Exemptions are a union, so a notified tenant is exempt when either window is. Imported history
    /// and records from before the recording time was kept are judged by the claimed time.
    /// </summary>
    public static IEnumerable<MaintenanceWindow> Windows(MaintenanceRecord m, SlaOptions options)
    {
        var scope = Scope(m.Tenants);
        if (m.RecordedAt is not { } recorded || (options.ImportedHistoryBefore is { } history && m.End <= history))
        {
            yield return new MaintenanceWindow(m.Id, m.AnnouncedAt, m.Start, m.End, m.OutageExpected, m.Effects, scope, null, AnnouncementEvidence.Claimed);
            yield break;
        }
        var notified = m.NoticeSentAt is not null && m.Notified.Count > 0;
        if (notified)
        {
            yield return new MaintenanceWindow(m.Id, m.NoticeSentAt, m.Start, m.End, m.OutageExpected, m.Effects, TenantScope.Only(m.Notified), recorded, AnnouncementEvidence.NoticeMail);
        }
        if (!notified || m.NotReached.Count > 0 || m.AnnouncedAt is not null)
        {
            var announced = m.AnnouncedAt is { } claimed ? (claimed > recorded ? claimed : recorded) : (DateTimeOffset?)null;
            yield return new MaintenanceWindow(m.Id, announced, m.Start, m.End, m.OutageExpected, m.Effects, scope, recorded,
                announced is null ? AnnouncementEvidence.None : AnnouncementEvidence.RecordedAnnouncement);
        }
    }

    private static TenantScope Scope(IReadOnlyList<string> tenants) => tenants.Count == 0 ? TenantScope.All : TenantScope.Only(tenants);
}
