namespace Smgw.Grains.Sla;

/// <summary>
/// Everything the accounting is computed from. <see cref="KnownTenants"/>, when not empty, is the
/// complete list of tenants; when empty, the tenants are those named anywhere in the timeline plus
/// unnamed others (so an outage of "all tenants" always counts overall).
/// </summary>
public sealed record SlaTimeline(
    IReadOnlyList<OutageInterval> Outages,
    IReadOnlyList<MaintenanceWindow> MaintenanceWindows,
    IReadOnlyList<DisturbanceExclusion> Exclusions,
    IReadOnlyList<string> KnownTenants)
{
    public static SlaTimeline Empty { get; } = new([], [], [], []);
}
