using Smgw.Grains.Sla;
using Xunit;

namespace Smgw.Tests.Sla;

/// <summary>Edges of the arithmetic that the scripted month does not cover.</summary>
public class SlaCalculatorTests
{
    private static readonly SlaCalculator Calculator = new(new SlaOptions());

    private static SlaTimeline Outages(params OutageInterval[] outages) => SlaTimeline.Empty with { Outages = outages };

    [Fact]
    public void A_300_minute_interruption_across_Sunday_midnight_breaks_both_weeks_split_would_hide_it()
    {
        // Sun 9 Nov 2025 21:30 CET → Mon 10 Nov 02:30 CET = 300 min: 150 in W45, 150 in W46.
        var timeline = Outages(new OutageInterval("O", new(2025, 11, 9, 21, 30, 0, TimeSpan.FromHours(1)), new(2025, 11, 10, 2, 30, 0, TimeSpan.FromHours(1)), "probe", TenantScope.All));
        var asOf = new DateTimeOffset(2025, 12, 1, 0, 0, 0, TimeSpan.Zero);
        var full = Calculator.Report(timeline, SlaPeriod.Month(2025, 11), asOf).Overall.InterruptionPeriods;
        Assert.True(full.Single(w => w.Period.Label == "2025-W45").CapBreached);
        Assert.True(full.Single(w => w.Period.Label == "2025-W46").CapBreached);
        Assert.Equal(TimeSpan.FromMinutes(300), full.Single(w => w.Period.Label == "2025-W46").LongestCounted);

        var split = new SlaCalculator(new SlaOptions { WeekBoundaryRule = WeekBoundaryRule.SplitAtBoundary })
            .Report(timeline, SlaPeriod.Month(2025, 11), asOf).Overall.InterruptionPeriods;
        Assert.DoesNotContain(split, w => w.CapBreached);
        Assert.Equal(TimeSpan.FromMinutes(150), split.Single(w => w.Period.Label == "2025-W45").LongestCounted);
    }

    [Fact]
    public void March_and_October_use_their_real_length()
    {
        // 60 min down in each month. March 2025 = 743 h = 44 580 min; October 2025 = 745 h = 44 700 min.
        var timeline = Outages(
            new OutageInterval("M", new(2025, 3, 30, 0, 30, 0, TimeSpan.Zero), new(2025, 3, 30, 1, 30, 0, TimeSpan.Zero), "probe", TenantScope.All),
            new OutageInterval("O", new(2025, 10, 26, 0, 30, 0, TimeSpan.Zero), new(2025, 10, 26, 1, 30, 0, TimeSpan.Zero), "probe", TenantScope.All));
        var asOf = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

        var march = Calculator.Report(timeline, SlaPeriod.Month(2025, 3), asOf).Overall;
        Assert.Equal(1 - (60 / 44580.0), march.Availability, 12);
        Assert.Equal(TimeSpan.FromSeconds(40122), march.ErrorBudget); // 0.015 × 44 580 = 668.7 min = 40 122 s

        var october = Calculator.Report(timeline, SlaPeriod.Month(2025, 10), asOf).Overall;
        Assert.Equal(1 - (60 / 44700.0), october.Availability, 12);
        Assert.Equal(TimeSpan.FromMinutes(670.5), october.ErrorBudget);
    }

    [Fact]
    public void An_ongoing_outage_ends_at_as_of_and_the_period_is_incomplete()
    {
        // Fixed "now": Mon 10 Nov 2025 12:00 UTC; outage since 10:00 UTC, still open → 120 min.
        var now = new DateTimeOffset(2025, 11, 10, 12, 0, 0, TimeSpan.Zero);
        var timeline = Outages(
            new OutageInterval("O", now.AddHours(-2), End: null, "probe", TenantScope.Only("alpha")),
            new OutageInterval("F", now.AddHours(1), now.AddHours(2), "not yet happened", TenantScope.All));
        var report = Calculator.CurrentReport(timeline, now);
        Assert.Equal("2025-11", report.Period.Label);
        Assert.False(report.IsComplete);
        Assert.Equal(TimeSpan.FromMinutes(120), report.ForTenant("alpha").CountedDowntime);
        Assert.Equal(TimeSpan.FromMinutes(120), report.ForTenant("alpha").InterruptionPeriods.Single(w => w.Period.Label == "2025-W46").LongestCounted);
        Assert.Equal(TimeSpan.FromMinutes(120), report.Overall.CountedDowntime);
    }

    [Fact]
    public void Without_a_tenant_list_an_all_tenant_outage_still_counts_overall_when_one_tenant_is_exempt()
    {
        // Outage of all tenants 10:00–11:00; only alpha had an exempt window for it. Unknown other tenants were down.
        var t = new DateTimeOffset(2025, 11, 12, 9, 0, 0, TimeSpan.Zero);
        var timeline = new SlaTimeline(
            [new OutageInterval("O", t, t.AddHours(1), "probe", TenantScope.All)],
            [new MaintenanceWindow("M", t.AddDays(-14), t, t.AddHours(1), true, "restart", TenantScope.Only("alpha"))],
            [],
            []);
        var report = Calculator.Report(timeline, SlaPeriod.Month(2025, 11), t.AddDays(30));
        Assert.Equal(TimeSpan.Zero, report.ForTenant("alpha").CountedDowntime);
        Assert.Equal(TimeSpan.FromMinutes(60), report.Overall.CountedDowntime);

        // With the complete tenant list ["alpha"], nobody else was affected.
        var known = Calculator.Report(timeline with { KnownTenants = ["alpha"] }, SlaPeriod.Month(2025, 11), t.AddDays(30));
        Assert.Equal(TimeSpan.Zero, known.Overall.CountedDowntime);
        Assert.Equal(TimeSpan.FromMinutes(60), known.Overall.ExemptMaintenanceTime);
    }

    [Fact]
    public void An_exclusion_for_one_tenant_does_not_excuse_another()
    {
        var t = new DateTimeOffset(2025, 11, 12, 9, 0, 0, TimeSpan.Zero);
        var outage = new OutageInterval("O", t, t.AddMinutes(90), "probe", TenantScope.All);
        var timeline = new SlaTimeline(
            [outage],
            [],
            [new DisturbanceExclusion("X", t, t.AddMinutes(90), TenantScope.Only("beta"), "beta's own mail server down", "ops.a", t.AddHours(3), "O")],
            ["alpha", "beta"]);
        var report = Calculator.Report(timeline, SlaPeriod.Month(2025, 11), t.AddDays(30));
        Assert.Equal(TimeSpan.FromMinutes(90), report.ForTenant("alpha").CountedDowntime);
        Assert.Equal(TimeSpan.Zero, report.ForTenant("beta").CountedDowntime);
        Assert.Equal(TimeSpan.FromMinutes(90), report.ForTenant("beta").ExcludedTime);
        Assert.Equal(TimeSpan.FromMinutes(90), report.Overall.CountedDowntime);

        var whole = DisturbanceExclusion.ForOutage(outage, "X2", "regional power cut", "ops.b", t.AddHours(4));
        Assert.Equal(TenantScope.All, whole.Affected);
        Assert.Equal("O", whole.OutageId);
        var excused = Calculator.Report(timeline with { Exclusions = [whole] }, SlaPeriod.Month(2025, 11), t.AddDays(30));
        Assert.Equal(TimeSpan.Zero, excused.Overall.CountedDowntime);
        Assert.Equal(1.0, excused.Overall.Availability);
    }

    [Fact]
    public void An_exempt_window_inside_an_outage_splits_it_into_two_interruptions()
    {
        // Outage 08:00–13:00 UTC (300 min), exempt window 10:00–11:00 inside: 120 + 120 count, longest 120.
        var t = new DateTimeOffset(2025, 11, 12, 8, 0, 0, TimeSpan.Zero);
        var timeline = new SlaTimeline(
            [new OutageInterval("O", t, t.AddMinutes(300), "probe", TenantScope.All)],
            [new MaintenanceWindow("M", t.AddDays(-14), t.AddMinutes(120), t.AddMinutes(180), true, "restart", TenantScope.All)],
            [],
            []);
        var overall = Calculator.Report(timeline, SlaPeriod.Month(2025, 11), t.AddDays(30)).Overall;
        Assert.Equal(TimeSpan.FromMinutes(240), overall.CountedDowntime);
        Assert.Equal(TimeSpan.FromMinutes(60), overall.ExemptMaintenanceTime);
        Assert.Equal(2, overall.Interruptions.Count);
        Assert.Equal(TimeSpan.FromMinutes(120), overall.LongestInterruption);
        Assert.False(overall.InterruptionCapBreached);
    }
}
