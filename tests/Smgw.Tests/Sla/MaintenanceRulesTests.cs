using System.ComponentModel.DataAnnotations;
using Smgw.Grains.Sla;
using Xunit;

namespace Smgw.Tests.Sla;

/// <summary>SLA-3 at its edges: Berlin midnight, the announcement day's own hours, the 240-minute line.</summary>
public class MaintenanceRulesTests
{
    private static readonly TimeSpan Cet = TimeSpan.FromHours(1);

    private static DateTimeOffset At(int month, int day, int hour, int minute = 0) => new(2025, month, day, hour, minute, 0, Cet);

    private static MaintenanceVerdict Verdict(DateTimeOffset? announced, DateTimeOffset start, TimeSpan length, bool outageExpected, SlaOptions? options = null) =>
        new MaintenanceRules(options ?? new SlaOptions(), SaxonCalendar.Instance)
            .Assess(new MaintenanceWindow("M", announced, start, start + length, outageExpected, "test", TenantScope.All))
            .Verdict;

    [Theory]
    // Announced late on Tue 28 Oct (23:30 Berlin, 22:30 UTC) still counts as Tuesday: start Tue 4 Nov 00:00 is in time.
    [InlineData(10, 28, 23, 30, 11, 4, 0, 0, MaintenanceVerdict.AnnouncedInTime)]
    // One minute before Berlin midnight of the earliest day: late.
    [InlineData(10, 28, 10, 0, 11, 3, 23, 59, MaintenanceVerdict.AnnouncedLate)]
    // Announced just after midnight on Wed 29 Oct: the earliest day moves to Wed 5 Nov.
    [InlineData(10, 29, 0, 10, 11, 4, 20, 0, MaintenanceVerdict.AnnouncedLate)]
    [InlineData(10, 29, 0, 10, 11, 5, 0, 0, MaintenanceVerdict.AnnouncedInTime)]
    // Same weekday distance a week later, no holiday: Mon 10 Nov → Tue 11, Wed 12, Thu 13 → Fri 14 in time.
    [InlineData(11, 10, 8, 0, 11, 14, 1, 0, MaintenanceVerdict.AnnouncedInTime)]
    // ...but Mon 17 Nov → Fri 21 is late because of Repentance Day (Wed 19 Nov).
    [InlineData(11, 17, 8, 0, 11, 21, 1, 0, MaintenanceVerdict.AnnouncedLate)]
    public void Announcement_deadline(int am, int ad, int ah, int amin, int sm, int sd, int sh, int smin, MaintenanceVerdict expected)
    {
        Assert.Equal(expected, Verdict(At(am, ad, ah, amin), At(sm, sd, sh, smin), TimeSpan.FromHours(1), outageExpected: true));
    }

    [Fact]
    public void Announced_after_the_start_is_late_even_with_zero_days_notice()
    {
        var options = new SlaOptions { AnnouncementWorkingDays = 0 };
        Assert.Equal(MaintenanceVerdict.AnnouncedInTime, Verdict(At(11, 4, 8), At(11, 4, 9), TimeSpan.FromHours(1), true, options));
        Assert.Equal(MaintenanceVerdict.AnnouncedLate, Verdict(At(11, 4, 10), At(11, 4, 9), TimeSpan.FromHours(1), true, options));
    }

    [Fact]
    public void No_announcement_is_needed_only_without_outage_and_up_to_240_minutes()
    {
        Assert.Equal(MaintenanceVerdict.NoAnnouncementNeeded, Verdict(null, At(11, 4, 1), TimeSpan.FromMinutes(240), outageExpected: false));
        Assert.Equal(MaintenanceVerdict.NotAnnounced, Verdict(null, At(11, 4, 1), TimeSpan.FromMinutes(241), outageExpected: false));
        Assert.Equal(MaintenanceVerdict.NotAnnounced, Verdict(null, At(11, 4, 1), TimeSpan.FromMinutes(10), outageExpected: true));
        // A short, harmless window announced late is still exempt: it never needed the notice.
        Assert.Equal(MaintenanceVerdict.NoAnnouncementNeeded, Verdict(At(11, 4, 0), At(11, 4, 1), TimeSpan.FromMinutes(60), outageExpected: false));
    }

    [Fact]
    public void The_looser_reading_is_configuration()
    {
        var loose = new SlaOptions { AnnouncementReading = AnnouncementReading.StartOnNthWorkingDay };
        Assert.Equal(MaintenanceVerdict.AnnouncedInTime, Verdict(At(10, 28, 10), At(11, 3, 20), TimeSpan.FromHours(1), true, loose));
        Assert.Equal(MaintenanceVerdict.AnnouncedLate, Verdict(At(10, 28, 10), At(11, 3, 20), TimeSpan.FromHours(1), true));
    }

    [Fact]
    public void Wrong_options_are_refused_naming_the_setting()
    {
        var error = Assert.Throws<ValidationException>(() => new SlaCalculator(new SlaOptions { AvailabilityTarget = 1.5 }));
        Assert.Contains(nameof(SlaOptions.AvailabilityTarget), error.Message, StringComparison.Ordinal);
        Assert.Throws<ValidationException>(() => new SlaCalculator(new SlaOptions { AnnouncementWorkingDays = -1 }));
        Assert.Throws<ValidationException>(() => new SlaCalculator(new SlaOptions { WeekBoundaryRule = (WeekBoundaryRule)7 }));
    }
}
