namespace Smgw.Grains.Sla;

/// <summary>
/// The figures for one tenant, or for the whole service when <see cref="Tenant"/> is null, over the
/// report's period. Times are inside the period; <see cref="Interruptions"/> are the whole counted
/// interruptions that touch the period. <see cref="ExemptParts"/> and <see cref="ExcludedParts"/>: the
/// stretches of outage actually cut out by exempt maintenance or an exclusion, touching the period.
/// </summary>
public sealed record SubjectReport(
    string? Tenant,
    TimeSpan PeriodLength,
    TimeSpan OutageTime,
    TimeSpan ExemptMaintenanceTime,
    TimeSpan ExcludedTime,
    TimeSpan CountedDowntime,
    double AvailabilityTarget,
    IReadOnlyList<TimeInterval> Interruptions,
    IReadOnlyList<InterruptionPeriodReport> InterruptionPeriods,
    IReadOnlyList<TimeInterval>? ExemptParts = null,
    IReadOnlyList<TimeInterval>? ExcludedParts = null)
{
    /// <summary>1 − counted downtime / period length.</summary>
    public double Availability => 1.0 - (CountedDowntime / PeriodLength);

    public bool MeetsTarget => Availability >= AvailabilityTarget;

    /// <summary>The downtime the objective allows in this period: (1 − target) × length (98.5 % of 30 days: 648 min).</summary>
    public TimeSpan ErrorBudget => PeriodLength * (1.0 - AvailabilityTarget);

    /// <summary>Error budget left (negative when spent).</summary>
    public TimeSpan ErrorBudgetRemaining => ErrorBudget - CountedDowntime;

    /// <summary>Share of the error budget left: 1 untouched, 0 spent, negative overspent.</summary>
    public double ErrorBudgetRemainingRatio => ErrorBudgetRemaining / ErrorBudget;

    /// <summary>True when any interruption-cap period touching the report period broke the cap.</summary>
    public bool InterruptionCapBreached => InterruptionPeriods.Any(p => p.CapBreached);

    /// <summary>The cap period (ISO week) the longest counted interruption was counted in; null when nothing was counted.</summary>
    public InterruptionPeriodReport? LongestPeriod => InterruptionPeriods.Where(p => p.LongestCounted > TimeSpan.Zero).MaxBy(p => p.LongestCounted);

    public TimeSpan LongestInterruption => InterruptionPeriods.Count == 0 ? TimeSpan.Zero : InterruptionPeriods.Max(p => p.LongestCounted);
}
