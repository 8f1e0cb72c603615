namespace Smgw.Grains.Sla;

/// <summary>One Berlin calendar day of a report: its counted downtime and whether exempt maintenance or an exclusion touched it.</summary>
public sealed record DailyFigure(
    DateOnly Day,
    TimeSpan Length,
    TimeSpan CountedDowntime,
    bool ExemptMaintenance,
    bool Excluded,
    bool Future)
{
    /// <summary>1 − counted downtime / day length (a DST day has 23 or 25 hours).</summary>
    public double Availability => 1.0 - (CountedDowntime / Length);
}
