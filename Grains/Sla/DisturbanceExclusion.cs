namespace Smgw.Grains.Sla;

/// <summary>
/// An operator's tag that a disturbance was outside the operator's control (SLA-1), so its time does
/// not count. Audited: who tagged it, when, and why; the report lists every exclusion it applied.
/// <see cref="OutageId"/> names the outage it was made for, if any; the excluded time is always
/// [Start, End) for the tenants in <see cref="Affected"/>.
/// </summary>
public sealed record DisturbanceExclusion(
    string Id,
    DateTimeOffset Start,
    DateTimeOffset End,
    TenantScope Affected,
    string Reason,
    string TaggedBy,
    DateTimeOffset TaggedAt,
    string? OutageId = null)
{
    public TimeInterval Interval => new(Start, End);

    /// <summary>An exclusion of a whole (ended) outage, for the tenants it affected.</summary>
    public static DisturbanceExclusion ForOutage(OutageInterval outage, string id, string reason, string taggedBy, DateTimeOffset taggedAt) =>
        new(id, outage.Start, outage.End ?? throw new ArgumentException("only an ended outage can be excluded whole", nameof(outage)),
            outage.Affected, reason, taggedBy, taggedAt, outage.Id);
}
