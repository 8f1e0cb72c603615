namespace Smgw.Grains.Sla;

/// <summary>
/// Planned work (SLA-3): when it was announced to the tenants (null: never), when it runs, whether an
/// outage is expected, and its effects as announced.
/// </summary>
public sealed record MaintenanceWindow(
    string Id,
    DateTimeOffset? AnnouncedAt,
    DateTimeOffset Start,
    DateTimeOffset End,
    bool OutageExpected,
    string Effects,
    TenantScope Affected)
{
    public TimeInterval Interval => new(Start, End);
}
