namespace Smgw.Grains.Sla;

/// <summary>
/// The ruling on one maintenance window. <see cref="EarliestExemptStart"/> is the earliest instant (UTC,
/// a Berlin midnight) at which work announced when this window was could start and still be exempt;
/// null when the window was never announced.
/// </summary>
/// <see cref="IsExempt"/>: whether downtime inside it is cut out (depends on the verdict and, for
/// <see cref="MaintenanceVerdict.NoAnnouncementNeeded"/>, on <see cref="SlaOptions.UnannouncedWindowOutages"/>).
public sealed record MaintenanceAssessment(
    MaintenanceWindow Window,
    MaintenanceVerdict Verdict,
    DateTimeOffset? EarliestExemptStart,
    bool IsExempt);
