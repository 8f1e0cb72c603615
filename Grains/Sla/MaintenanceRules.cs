namespace Smgw.Grains.Sla;

/// <summary>SLA-3 as a rule on maintenance windows.</summary>
public sealed class MaintenanceRules(SlaOptions options, SaxonCalendar calendar)
{
    /// <summary>The earliest instant (UTC) exempt work announced at <paramref name="announcedAt"/> may start: a Berlin midnight.</summary>
    public DateTimeOffset EarliestExemptStart(DateTimeOffset announcedAt) =>
        BerlinTime.StartOfDay(calendar.EarliestStartDay(BerlinTime.DayOf(announcedAt), options.AnnouncementWorkingDays, options.AnnouncementReading));

    /// <summary>True when the window needs no announcement at all: no outage expected and short enough.</summary>
    public bool NeedsAnnouncement(MaintenanceWindow window) =>
        window.OutageExpected || window.Interval.Duration > options.UnannouncedMaintenanceMaxDuration;

    public MaintenanceAssessment Assess(MaintenanceWindow window)
    {
        var earliest = window.AnnouncedAt is { } announced ? EarliestExemptStart(announced) : (DateTimeOffset?)null;
        MaintenanceVerdict verdict;
        if (!NeedsAnnouncement(window))
        {
            verdict = MaintenanceVerdict.NoAnnouncementNeeded;
        }
        else if (earliest is null)
        {
            verdict = MaintenanceVerdict.NotAnnounced;
        }
        else
        {
            verdict = window.Start >= earliest.Value && window.AnnouncedAt <= window.Start
                ? MaintenanceVerdict.AnnouncedInTime
                : MaintenanceVerdict.AnnouncedLate;
        }
        return new MaintenanceAssessment(window, verdict, earliest);
    }
}
