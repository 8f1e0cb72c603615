namespace Smgw.Grains.Sla;

/// <summary>
/// The ruling on one maintenance window. <see cref="EarliestExemptStart"/> is the earliest instant (UTC,
/// a Berlin midnight) at which work announced when this window was could start and still be exempt;
/// null when the window was never announced.
/// </summary>
public sealed record MaintenanceAssessment(
    MaintenanceWindow Window,
    MaintenanceVerdict Verdict,
    DateTimeOffset? EarliestExemptStart)
{
    public bool IsExempt => Verdict is MaintenanceVerdict.AnnouncedInTime or MaintenanceVerdict.NoAnnouncementNeeded;
}
