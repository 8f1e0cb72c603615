using Smgw.Interfaces.Sla;

namespace Smgw.Grains.Sla;

/// <summary>From the stored records to the calculator's timeline.</summary>
public static class SlaTimelines
{
    public static SlaTimeline From(SlaRecords records, IReadOnlyList<string> knownTenants) => new(
        records.Outages.Select(o => new OutageInterval(o.Id, o.Start, o.End, o.WhatFailed, Scope(o.Tenants))).ToList(),
        records.Maintenance.Select(m => new MaintenanceWindow(m.Id, m.AnnouncedAt, m.Start, m.End, m.OutageExpected, m.Effects, Scope(m.Tenants))).ToList(),
        records.Exclusions.Select(x => new DisturbanceExclusion(x.Id, x.Start, x.End, Scope(x.Tenants), x.Reason, x.TaggedBy, x.TaggedAt, null)).ToList(),
        knownTenants);

    private static TenantScope Scope(IReadOnlyList<string> tenants) => tenants.Count == 0 ? TenantScope.All : TenantScope.Only(tenants);
}
