using Smgw.Grains.Sla;
using Xunit;

namespace Smgw.Tests.Sla;

/// <summary>
/// November 2025 scripted, and the expected figures computed by hand (below), not by the code under test.
/// All times are Berlin wall-clock; after 26 Oct 2025 Berlin is on CET = UTC+01:00, so every instant is
/// written with an explicit +01:00 offset. Tenants: alpha, beta, gamma (the complete list).
///
/// November 2025 = 30 days × 24 h = 720 h = 43 200 min (no DST change in November).
/// Error budget at 98.5 % = 0.015 × 43 200 = 648 min.
/// ISO weeks touching November: W44 Mon 27 Oct–Sun 2 Nov, W45 3–9, W46 10–16, W47 17–23, W48 24–30 Nov.
///
/// Maintenance windows (SLA-3, 3 full Saxon working days strictly between announcement day and start day):
///   M1 all,   outage expected, Tue 4 Nov 20:00–23:00. Announced Tue 28 Oct 10:00: Wed 29, Thu 30, (Fri 31 Oct
///             Reformation Day), Mon 3 → earliest Tue 4 Nov 00:00 → IN TIME, exempt.
///   M2 all,   outage expected, Wed 5 Nov 21:00–23:00. Announced Thu 30 Oct 15:00: (Fri 31 holiday), Mon 3, Tue 4,
///             Wed 5 → earliest Thu 6 Nov → LATE (without Reformation Day it would have been in time). Counts.
///   M3 beta,  outage expected, Fri 21 Nov 19:00–23:00. Announced Fri 14 Nov 11:00: Mon 17, Tue 18, (Wed 19
///             Repentance Day), Thu 20 → earliest Fri 21 → IN TIME, exempt.
///   M4 gamma, no outage expected but 300 min > 240, Fri 21 Nov 01:00–06:00. Announced Mon 17 Nov 08:00: Tue 18,
///             (Wed 19 Repentance Day), Thu 20, Fri 21 → earliest Sat 22 → LATE. Counts.
///   M5 all,   no outage expected, 120 min ≤ 240, Tue 11 Nov 03:00–05:00, never announced → NO ANNOUNCEMENT NEEDED;
///             exempt under the reading this table uses (UnannouncedWindowOutages = Exempt; the default counts OG, see
///             the last test).
///   M6 alpha, outage expected, Wed 26 Nov 10:00–10:30, never announced → NOT ANNOUNCED. Counts.
///
/// Outages (minutes in November):
///   OA all   Fri 31 Oct 23:00 – Sat 1 Nov 00:30   90 min whole, 30 in November (crosses the month start)
///   OB all   Sun 2 Nov 22:00 – Mon 3 Nov 01:30   210 min (crosses W44→W45 at Mon 00:00: 120 + 90)
///   OC all   Tue 4 Nov 20:00–22:30               150 min, inside M1 → exempt
///   OD all   Wed 5 Nov 21:00–22:00                60 min, inside M2 (late) → counts
///   OG all   Tue 11 Nov 03:30–04:00               30 min, inside M5 → exempt
///   OI all   Thu 13 Nov 09:00–11:00              120 min; exclusion X1 09:00–10:30 (upstream carrier) → 90 excluded, 30 count
///   OF gamma Fri 21 Nov 02:00–04:00              120 min, inside M4 (late) → counts
///   OE beta  Fri 21 Nov 19:30–21:30              120 min, inside M3 → exempt
///   OJ alpha Mon 24 Nov 08:00–10:00 ┐
///   OK alpha Mon 24 Nov 09:00–12:00 ├ overlap/touch → alpha: ONE interruption 08:00–12:30 = 270 min > 240
///   OL all   Mon 24 Nov 12:00–12:30 ┘             (beta, gamma: only OL, 30 min)
///   OH alpha Wed 26 Nov 10:00–10:20               20 min, inside M6 (not announced) → counts
///
/// alpha: outage 30+210+150+60+30+120+270+20 = 890; exempt OC 150 + OG 30 = 180; excluded 90;
///        counted 30+210+60+30+270+20 = 620 → availability 1 − 620/43 200 = 0.985648 ≥ 0.985 (holds);
///        budget left 648 − 620 = 28 min. Weeks (full length): W44 max(OA 90, OB 210) = 210; W45 max(OB 210, OD 60)
///        = 210; W46 OI 30; W47 0; W48 max(270, 20) = 270 → cap BROKEN while the month holds.
/// beta:  outage 30+210+150+60+30+120+120+30 = 750; exempt 150+30+120 (OE) = 300; excluded 90;
///        counted 30+210+60+30+30 = 360 → 1 − 360/43 200 = 0.991667. Weeks: 210, 210, 30, 0, 30.
/// gamma: outage 30+210+150+60+30+120+120 (OF)+30 = 750; exempt 150+30 = 180; excluded 90;
///        counted 30+210+60+30+120+30 = 480 → 1 − 480/43 200 = 0.988889. Weeks: 210, 210, 30, 120, 30.
/// overall (any tenant down): outage = union = 30+210+150+60+30+120+120+120+270+20 = 1130;
///        counted = union of the tenants' counted = 30+210+60+30+120 (OF)+270+20 = 740 → 1 − 740/43 200 = 0.982870
///        (below target although every tenant holds: at some time some tenant was down for 740 min);
///        not counted 390 = exempt (OC 150, OG 30, OE 120) 300 + excluded 90. Weeks: 210, 210, 30, 120, 270.
/// overall (all tenants down): only all-tenant outages, cut by all-tenant windows/exclusions:
///        counted OA 30 + OB 210 + OD 60 + OI 30 + OL 30 = 360 → 0.991667.
/// </summary>
public class SlaScriptedTimelineTests
{
    private static readonly TimeSpan Cet = TimeSpan.FromHours(1);

    private static DateTimeOffset At(int month, int day, int hour, int minute = 0) => new(2025, month, day, hour, minute, 0, Cet);

    private static TenantScope Only(string tenant) => TenantScope.Only(tenant);

    private static readonly TenantScope All = TenantScope.All;

    internal static SlaTimeline November2025() => new(
        Outages:
        [
            new("OA", At(10, 31, 23), At(11, 1, 0, 30), "probe inbound+outbound", All),
            new("OB", At(11, 2, 22), At(11, 3, 1, 30), "silo membership", All),
            new("OC", At(11, 4, 20), At(11, 4, 22, 30), "planned: database upgrade", All),
            new("OD", At(11, 5, 21), At(11, 5, 22), "planned: kernel update", All),
            new("OG", At(11, 11, 3, 30), At(11, 11, 4), "frontend restart", All),
            new("OI", At(11, 13, 9), At(11, 13, 11), "probe outbound", All),
            new("OF", At(11, 21, 2), At(11, 21, 4), "probe inbound", Only("gamma")),
            new("OE", At(11, 21, 19, 30), At(11, 21, 21, 30), "planned: certificate change", Only("beta")),
            new("OJ", At(11, 24, 8), At(11, 24, 10), "probe inbound", Only("alpha")),
            new("OK", At(11, 24, 9), At(11, 24, 12), "probe outbound", Only("alpha")),
            new("OL", At(11, 24, 12), At(11, 24, 12, 30), "frontend /health", All),
            new("OH", At(11, 26, 10), At(11, 26, 10, 20), "policy group", Only("alpha")),
        ],
        MaintenanceWindows:
        [
            new("M1", At(10, 28, 10), At(11, 4, 20), At(11, 4, 23), true, "database upgrade; mail queued by senders", All),
            new("M2", At(10, 30, 15), At(11, 5, 21), At(11, 5, 23), true, "kernel update", All),
            new("M3", At(11, 14, 11), At(11, 21, 19), At(11, 21, 23), true, "organisation certificate change", Only("beta")),
            new("M4", At(11, 17, 8), At(11, 21, 1), At(11, 21, 6), false, "routing table migration (long)", Only("gamma")),
            new("M5", null, At(11, 11, 3), At(11, 11, 5), false, "rolling frontend restart", All),
            new("M6", null, At(11, 26, 10), At(11, 26, 10, 30), true, "policy group redeploy", Only("alpha")),
        ],
        Exclusions:
        [
            new("X1", At(11, 13, 9), At(11, 13, 10, 30), All, "upstream carrier fibre cut (outside operator's control)", "ops.mueller", At(11, 13, 15)),
        ],
        KnownTenants: ["alpha", "beta", "gamma"]);

    private static readonly DateTimeOffset EndOfNovember = At(12, 1, 0);

    /// <summary>The table's reading: an outage inside a window that needed no announcement is exempt (not the default).</summary>
    private static SlaOptions Options() => new() { UnannouncedWindowOutages = UnannouncedWindowOutages.Exempt };

    private static SlaReport Report(SlaOptions? options = null) =>
        new SlaCalculator(options ?? Options()).Report(November2025(), SlaPeriod.Month(2025, 11), EndOfNovember);

    public static TheoryData<string, int, int, int, int, double, int[]> Table => new()
    {
        // subject, outage, exempt, excluded, counted (minutes), availability, longest per week W44..W48 (minutes)
        { "alpha", 890, 180, 90, 620, 1 - (620 / 43200.0), [210, 210, 30, 0, 270] },
        { "beta", 750, 300, 90, 360, 1 - (360 / 43200.0), [210, 210, 30, 0, 30] },
        { "gamma", 750, 180, 90, 480, 1 - (480 / 43200.0), [210, 210, 30, 120, 30] },
        { "overall", 1130, 300, 90, 740, 1 - (740 / 43200.0), [210, 210, 30, 120, 270] },
    };

    [Theory]
    [MemberData(nameof(Table))]
    public void November_2025_matches_the_hand_computed_table(string subject, int outage, int exempt, int excluded, int counted, double availability, int[] weeks)
    {
        var report = Report();
        var figures = subject == "overall" ? report.Overall : report.ForTenant(subject);

        Assert.Equal(TimeSpan.FromMinutes(43200), figures.PeriodLength);
        Assert.Equal(TimeSpan.FromMinutes(outage), figures.OutageTime);
        Assert.Equal(TimeSpan.FromMinutes(exempt), figures.ExemptMaintenanceTime);
        Assert.Equal(TimeSpan.FromMinutes(excluded), figures.ExcludedTime);
        Assert.Equal(TimeSpan.FromMinutes(counted), figures.CountedDowntime);
        Assert.Equal(availability, figures.Availability, 9);
        Assert.Equal(TimeSpan.FromMinutes(648), figures.ErrorBudget);
        Assert.Equal(TimeSpan.FromMinutes(648 - counted), figures.ErrorBudgetRemaining);
        Assert.Equal(["2025-W44", "2025-W45", "2025-W46", "2025-W47", "2025-W48"], figures.InterruptionPeriods.Select(w => w.Period.Label));
        Assert.Equal(weeks.Select(m => TimeSpan.FromMinutes(m)), figures.InterruptionPeriods.Select(w => w.LongestCounted));
        Assert.Equal(weeks.Select(m => m > 240), figures.InterruptionPeriods.Select(w => w.CapBreached));
    }

    [Fact]
    public void Alpha_breaks_the_weekly_cap_while_its_month_holds()
    {
        var alpha = Report().ForTenant("alpha");
        Assert.True(alpha.MeetsTarget);
        Assert.True(alpha.InterruptionCapBreached);
        Assert.Equal(TimeSpan.FromMinutes(28), alpha.ErrorBudgetRemaining);
        var w48 = Assert.Single(alpha.InterruptionPeriods, w => w.CapBreached);
        Assert.Equal("2025-W48", w48.Period.Label);
        // The overlapping and touching outages OJ, OK, OL are one interruption 08:00–12:30.
        Assert.Equal(new TimeInterval(At(11, 24, 8), At(11, 24, 12, 30)), w48.Longest);
        Assert.Equal(TimeSpan.FromMinutes(-30), w48.Headroom);
    }

    [Fact]
    public void The_interruption_across_Sunday_to_Monday_counts_in_full_in_both_weeks()
    {
        var alpha = Report().ForTenant("alpha");
        var ob = new TimeInterval(At(11, 2, 22), At(11, 3, 1, 30));
        Assert.Equal(ob, alpha.InterruptionPeriods[0].Longest);
        Assert.Equal(ob, alpha.InterruptionPeriods[1].Longest);
    }

    [Fact]
    public void Split_rule_counts_only_the_part_inside_each_week_and_the_report_says_so()
    {
        var alpha = Report(new SlaOptions { WeekBoundaryRule = WeekBoundaryRule.SplitAtBoundary, UnannouncedWindowOutages = UnannouncedWindowOutages.Exempt }).ForTenant("alpha");
        // W44: OA 90 (all inside W44), OB's Sunday part 22:00–24:00 = 120 → 120. W45: OB's Monday part 00:00–01:30 = 90,
        // OD 60 → 90. W46–W48 as before.
        Assert.Equal(new[] { 120, 90, 30, 0, 270 }.Select(m => TimeSpan.FromMinutes(m)), alpha.InterruptionPeriods.Select(w => w.LongestCounted));
        Assert.Contains(Report(new SlaOptions { WeekBoundaryRule = WeekBoundaryRule.SplitAtBoundary, UnannouncedWindowOutages = UnannouncedWindowOutages.Exempt }).Rules.Describe(), l => l.Contains("split at it", StringComparison.Ordinal));
        Assert.Contains(Report().Rules.Describe(), l => l.Contains("full length in every period it touches", StringComparison.Ordinal));
    }

    [Fact]
    public void Maintenance_verdicts_around_Reformation_Day_and_Repentance_Day()
    {
        var verdicts = Report().Maintenance.ToDictionary(a => a.Window.Id);
        Assert.Equal(MaintenanceVerdict.AnnouncedInTime, verdicts["M1"].Verdict);
        Assert.Equal(At(11, 4, 0), verdicts["M1"].EarliestExemptStart);
        Assert.Equal(MaintenanceVerdict.AnnouncedLate, verdicts["M2"].Verdict);
        Assert.Equal(At(11, 6, 0), verdicts["M2"].EarliestExemptStart);
        Assert.Equal(MaintenanceVerdict.AnnouncedInTime, verdicts["M3"].Verdict);
        Assert.Equal(At(11, 21, 0), verdicts["M3"].EarliestExemptStart);
        Assert.Equal(MaintenanceVerdict.AnnouncedLate, verdicts["M4"].Verdict);
        Assert.Equal(At(11, 22, 0), verdicts["M4"].EarliestExemptStart);
        Assert.Equal(MaintenanceVerdict.NoAnnouncementNeeded, verdicts["M5"].Verdict);
        Assert.Null(verdicts["M5"].EarliestExemptStart);
        Assert.Equal(MaintenanceVerdict.NotAnnounced, verdicts["M6"].Verdict);
        Assert.Equal(6, verdicts.Count);
    }

    [Fact]
    public void The_exclusion_is_listed_with_who_when_and_why()
    {
        var exclusion = Assert.Single(Report().Exclusions);
        Assert.Equal("ops.mueller", exclusion.TaggedBy);
        Assert.Equal(At(11, 13, 15), exclusion.TaggedAt);
        Assert.Contains("outside operator's control", exclusion.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void The_report_names_its_period_and_rules()
    {
        var report = Report();
        Assert.Equal("2025-11", report.Period.Label);
        Assert.Equal(SlaPeriodKind.Month, report.Rules.AvailabilityPeriod);
        Assert.Equal(SlaPeriodKind.IsoWeek, report.Rules.InterruptionPeriod);
        Assert.Equal(WeekBoundaryRule.FullLengthInEveryWeek, report.Rules.WeekBoundaryRule);
        Assert.Equal(3, report.Rules.AnnouncementWorkingDays);
        Assert.Equal("Europe/Berlin", report.Rules.TimeZone);
        Assert.True(report.IsComplete);
        Assert.Equal(["alpha", "beta", "gamma"], report.Tenants.Select(t => t.Tenant));
        Assert.Contains(report.Rules.Describe(), l => l.StartsWith("SLA-1: availability ≥ 98.5 % per calendar month", StringComparison.Ordinal));
    }

    [Fact]
    public void Whole_service_rule_counts_only_outages_of_all_tenants()
    {
        var overall = Report(new SlaOptions { OverallRule = OverallRule.AllTenantsDown, UnannouncedWindowOutages = UnannouncedWindowOutages.Exempt }).Overall;
        Assert.Equal(TimeSpan.FromMinutes(360), overall.CountedDowntime);
        Assert.True(overall.MeetsTarget);
    }

    [Fact]
    public void Alpha_interruptions_touching_November_are_listed_whole()
    {
        var alpha = Report().ForTenant("alpha");
        Assert.Equal(
            [
                new TimeInterval(At(10, 31, 23), At(11, 1, 0, 30)),
                new TimeInterval(At(11, 2, 22), At(11, 3, 1, 30)),
                new TimeInterval(At(11, 5, 21), At(11, 5, 22)),
                new TimeInterval(At(11, 13, 10, 30), At(11, 13, 11)),
                new TimeInterval(At(11, 24, 8), At(11, 24, 12, 30)),
                new TimeInterval(At(11, 26, 10), At(11, 26, 10, 20)),
            ],
            alpha.Interruptions);
    }

    [Fact]
    public void The_year_2025_report_includes_Octobers_part_of_OA()
    {
        // Year 2025 = 8 760 h = 525 600 min. Alpha's counted downtime in 2025 = November's 620 + OA's October
        // part (23:00–24:00 on 31 Oct) 60 = 680 min → 1 − 680/525 600. Budget 0.015 × 525 600 = 7 884 min.
        var report = new SlaCalculator(new SlaOptions { AvailabilityPeriod = SlaPeriodKind.Year, UnannouncedWindowOutages = UnannouncedWindowOutages.Exempt })
            .CurrentReport(November2025(), EndOfNovember.AddMinutes(-1));
        Assert.Equal("2025", report.Period.Label);
        Assert.False(report.IsComplete);
        var alpha = report.ForTenant("alpha");
        Assert.Equal(TimeSpan.FromMinutes(680), alpha.CountedDowntime);
        Assert.Equal(1 - (680 / 525600.0), alpha.Availability, 9);
        Assert.Equal(TimeSpan.FromMinutes(7884), alpha.ErrorBudget);
    }

    [Theory]
    [MemberData(nameof(Table))]
    public void By_default_the_outage_inside_a_window_that_needed_no_announcement_counts(string subject, int outage, int exempt, int excluded, int counted, double availability, int[] weeks)
    {
        // OG (all tenants, 30 min inside M5) moves from exempt to counted for every subject; W46's longest stays 30.
        _ = availability;
        var report = new SlaCalculator(new SlaOptions()).Report(November2025(), SlaPeriod.Month(2025, 11), EndOfNovember);
        var figures = subject == "overall" ? report.Overall : report.ForTenant(subject);
        Assert.Equal(TimeSpan.FromMinutes(outage), figures.OutageTime);
        Assert.Equal(TimeSpan.FromMinutes(exempt - 30), figures.ExemptMaintenanceTime);
        Assert.Equal(TimeSpan.FromMinutes(excluded), figures.ExcludedTime);
        Assert.Equal(TimeSpan.FromMinutes(counted + 30), figures.CountedDowntime);
        Assert.Equal(weeks.Select(m => TimeSpan.FromMinutes(m)), figures.InterruptionPeriods.Select(w => w.LongestCounted));
        var m5 = Assert.Single(report.Maintenance, a => a.Window.Id == "M5");
        Assert.Equal(MaintenanceVerdict.NoAnnouncementNeeded, m5.Verdict);
        Assert.False(m5.IsExempt);
        Assert.Contains(report.Rules.Describe(), l => l.Contains("an outage inside such a window counts", StringComparison.Ordinal));
        Assert.Contains(Report().Rules.Describe(), l => l.Contains("UnannouncedWindowOutages = Exempt", StringComparison.Ordinal));
    }
}
