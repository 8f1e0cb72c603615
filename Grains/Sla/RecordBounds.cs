using Smgw.Interfaces;

namespace Smgw.Grains.Sla;

/// <summary>
/// What an SLA record may say (issue G §2): every time is given and plausible — not older than
/// <see cref="ReachBack"/> (a year's report and some), not in the future beyond clock skew for what
/// happened (interruptions, exclusions), at most a year ahead for planned maintenance — and every
/// tenant named exists. <see cref="SlaOptions.RecordsReachBack"/> sets how far back (raise it to
/// import older records). A record outside these bounds is refused with the field named, since one
/// such record (a start of 0001-01-01) ruins every report.
/// </summary>
public static class RecordBounds
{
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);
    public static readonly TimeSpan PlanningHorizon = TimeSpan.FromDays(366);

    /// <summary>A time of something that has happened (or is happening).</summary>
    public static void Happened(string field, DateTimeOffset value, DateTimeOffset now, TimeSpan reachBack)
    {
        Within(field, value, now - reachBack, now + ClockSkew, "after now", reachBack);
    }

    /// <summary>A time of planned work.</summary>
    public static void Planned(string field, DateTimeOffset value, DateTimeOffset now, TimeSpan reachBack)
    {
        Within(field, value, now - reachBack, now + PlanningHorizon, $"more than {PlanningHorizon.TotalDays:0} days ahead", reachBack);
    }

    public static async Task TenantsExistAsync(IGrainFactory grains, IReadOnlyList<string> tenants)
    {
        if (tenants.Count == 0)
        {
            return;
        }
        var known = (await grains.GetGrain<ITenantRegistryGrain>(ITenantRegistryGrain.DefaultKey).GetSnapshotAsync()).Tenants.Select(t => t.Id).ToHashSet(StringComparer.Ordinal);
        if (tenants.FirstOrDefault(t => !known.Contains(t)) is { } unknown)
        {
            throw new ArgumentException($"tenants: there is no tenant '{unknown}' (a record for it would count nowhere).");
        }
    }

    private static void Within(string field, DateTimeOffset value, DateTimeOffset earliest, DateTimeOffset latest, string tooLate, TimeSpan reachBack)
    {
        if (value == default)
        {
            throw new ArgumentException($"{field}: required (an ISO 8601 time with offset, e.g. 2026-11-30T08:00:00+01:00).");
        }
        if (value < earliest)
        {
            throw new ArgumentException($"{field}: {value:u} is more than {reachBack.TotalDays:0} days ago; records reach back to {earliest:u} (Smgw:Sla:RecordsReachBack).");
        }
        if (value > latest)
        {
            throw new ArgumentException($"{field}: {value:u} is {tooLate}.");
        }
    }
}
