namespace Smgw.Grains.Sla;

/// <summary>
/// Planned work (SLA-3): when it was announced to the tenants (null: never), when it runs, whether an
/// outage is expected, and its effects as announced. <paramref name="RecordedAt"/>: when the gateway
/// learned of the window (null: not known, e.g. imported history); a window recorded after its start
/// is never exempt. <paramref name="Evidence"/>: what <paramref name="AnnouncedAt"/> rests on.
/// </summary>
public sealed record MaintenanceWindow(
    string Id,
    DateTimeOffset? AnnouncedAt,
    DateTimeOffset Start,
    DateTimeOffset End,
    bool OutageExpected,
    string Effects,
    TenantScope Affected,
    DateTimeOffset? RecordedAt = null,
    AnnouncementEvidence Evidence = AnnouncementEvidence.Claimed)
{
    public TimeInterval Interval => new(Start, End);
}
