namespace Smgw.Grains.Sla;

/// <summary>
/// A stretch of time in which the service failed as a sender sees it (probe failures, membership, /health),
/// with what failed and whom it affected. <see cref="End"/> is null while the outage is still going on;
/// the accounting then ends it at the report's "as of" instant.
/// </summary>
public sealed record OutageInterval(
    string Id,
    DateTimeOffset Start,
    DateTimeOffset? End,
    string WhatFailed,
    TenantScope Affected)
{
    /// <summary>The interval up to <paramref name="asOf"/> for an ongoing outage; empty if it starts later.</summary>
    public TimeInterval IntervalAsOf(DateTimeOffset asOf)
    {
        var end = End ?? asOf;
        if (end > asOf)
        {
            end = asOf;
        }
        return end <= Start ? new TimeInterval(Start, Start) : new TimeInterval(Start, end);
    }
}
