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
        if (window.RecordedAt is { } recorded && recorded > window.Start)
        {
            verdict = MaintenanceVerdict.RecordedAfterStart;
        }
        else if (earliest is { } soonest && window.Start >= soonest && window.AnnouncedAt <= window.Start)
        {
            verdict = MaintenanceVerdict.AnnouncedInTime;
        }
        else if (!NeedsAnnouncement(window))
        {
            verdict = MaintenanceVerdict.NoAnnouncementNeeded;
        }
        else
        {
            verdict = earliest is null ? MaintenanceVerdict.NotAnnounced : MaintenanceVerdict.AnnouncedLate;
        }
        var exempt = verdict == MaintenanceVerdict.AnnouncedInTime
            || (verdict == MaintenanceVerdict.NoAnnouncementNeeded && options.UnannouncedWindowOutages == UnannouncedWindowOutages.Exempt);
        return new MaintenanceAssessment(window, verdict, earliest, exempt);
    }
}
