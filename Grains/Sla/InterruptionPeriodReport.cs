namespace Smgw.Grains.Sla;

/// <summary>
/// SLA-2 for one interruption-cap period (an ISO week by default): the longest counted interruption
/// that touches it, how much of it counts under the boundary rule, and whether the cap was broken.
/// <see cref="Longest"/> is the whole interruption (it may reach into neighbouring weeks).
/// </summary>
public sealed record InterruptionPeriodReport(
    SlaPeriod Period,
    TimeInterval? Longest,
    TimeSpan LongestCounted,
    TimeSpan Cap)
{
    public bool CapBreached => LongestCounted > Cap;

    /// <summary>Time left before the cap is reached (negative once broken).</summary>
    public TimeSpan Headroom => Cap - LongestCounted;
}
