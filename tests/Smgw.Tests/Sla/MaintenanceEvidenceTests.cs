using System.ComponentModel.DataAnnotations;
using Smgw.Grains.Sla;
using Smgw.Interfaces.Sla;
using Xunit;

namespace Smgw.Tests.Sla;

/// <summary>
/// Issue G §2: a maintenance window is exempt on evidence — the gateway's notice mail (its queue
/// time) or an announcement recorded in the gateway (from when it was recorded) — never on a time
/// the operator merely claims, and never when the window was recorded after it started.
/// </summary>
public class MaintenanceEvidenceTests
{
    // Mon 10 Nov 2025; the work on Tue 25 Nov 2025 20:00–22:00 UTC (outage expected): 3 full Saxon working days
    // strictly between need an announcement by Thu 20 Nov (Repentance Day 19 Nov does not count).
    private static readonly DateTimeOffset Start = new(2025, 11, 25, 20, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset InTime = new(2025, 11, 10, 9, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset TooLate = new(2025, 11, 24, 9, 0, 0, TimeSpan.Zero);

    private static MaintenanceRecord Window(bool outageExpected = true, TimeSpan? length = null, params string[] tenants) => new()
    {
        Id = "m1", Start = Start, End = Start + (length ?? TimeSpan.FromHours(2)), OutageExpected = outageExpected, Effects = "upgrade", Tenants = tenants, RecordedBy = "ops",
    };

    private static List<MaintenanceAssessment> Assess(MaintenanceRecord record, SlaOptions? options = null)
    {
        options ??= new SlaOptions();
        var rules = new SlaCalculator(options).Maintenance;
        return [.. SlaTimelines.Windows(record, options).Select(rules.Assess)];
    }

    [Fact]
    public void A_claimed_announcement_counts_from_when_it_was_recorded()
    {
        // Claimed two weeks ahead, but the gateway learned of it the day before: late.
        var late = Assert.Single(Assess(Window() with { AnnouncedAt = InTime, RecordedAt = TooLate }));
        Assert.Equal(MaintenanceVerdict.AnnouncedLate, late.Verdict);
        Assert.Equal(AnnouncementEvidence.RecordedAnnouncement, late.Window.Evidence);
        Assert.Equal(TooLate, late.Window.AnnouncedAt);
        Assert.False(late.IsExempt);

        // Recorded in time: exempt, from the recording time.
        var ok = Assert.Single(Assess(Window() with { AnnouncedAt = InTime.AddDays(-1), RecordedAt = InTime }));
        Assert.Equal(MaintenanceVerdict.AnnouncedInTime, ok.Verdict);
        Assert.Equal(InTime, ok.Window.AnnouncedAt);
        Assert.True(ok.IsExempt);

        // No claim and no notice: not announced.
        var none = Assert.Single(Assess(Window() with { RecordedAt = InTime }));
        Assert.Equal(MaintenanceVerdict.NotAnnounced, none.Verdict);
        Assert.Equal(AnnouncementEvidence.None, none.Window.Evidence);
    }

    [Fact]
    public void A_window_recorded_after_it_started_is_never_exempt()
    {
        var after = Start.AddMinutes(30);
        Assert.Equal(MaintenanceVerdict.RecordedAfterStart, Assert.Single(Assess(Window() with { AnnouncedAt = InTime, RecordedAt = after })).Verdict);
        // Not even a short one with no outage expected, under the reading that exempts those.
        var lenient = new SlaOptions { UnannouncedWindowOutages = UnannouncedWindowOutages.Exempt };
        var shortOne = Assert.Single(Assess(Window(outageExpected: false, TimeSpan.FromMinutes(30)) with { RecordedAt = after }, lenient));
        Assert.Equal(MaintenanceVerdict.RecordedAfterStart, shortOne.Verdict);
        Assert.False(shortOne.IsExempt);
        // Recorded before it started, the same short window needed no announcement.
        var before = Assert.Single(Assess(Window(outageExpected: false, TimeSpan.FromMinutes(30)) with { RecordedAt = Start.AddMinutes(-1) }, lenient));
        Assert.Equal(MaintenanceVerdict.NoAnnouncementNeeded, before.Verdict);
        Assert.True(before.IsExempt);
        Assert.False(Assert.Single(Assess(Window(outageExpected: false, TimeSpan.FromMinutes(30)) with { RecordedAt = Start.AddMinutes(-1) })).IsExempt);
    }

    [Fact]
    public void The_notice_mail_is_evidence_for_the_tenants_it_reached_only()
    {
        var record = Window(true, null, "a", "b", "c") with { RecordedAt = InTime, NoticeSentAt = InTime.AddSeconds(2), Notified = ["a", "b"], NotReached = ["c"] };
        var rulings = Assess(record);
        Assert.Equal(2, rulings.Count);
        var mailed = Assert.Single(rulings, r => r.Window.Evidence == AnnouncementEvidence.NoticeMail);
        Assert.Equal(TenantScope.Only("a", "b"), mailed.Window.Affected);
        Assert.Equal(InTime.AddSeconds(2), mailed.Window.AnnouncedAt);
        Assert.True(mailed.IsExempt);
        var rest = Assert.Single(rulings, r => r.Window.Evidence == AnnouncementEvidence.None);
        Assert.False(rest.IsExempt);

        // In the accounting: an outage of all three during the window counts for c only.
        var outage = new OutageInterval("o1", Start, Start.AddHours(1), "upgrade", TenantScope.All);
        var timeline = SlaTimelines.From(new SlaRecords { Maintenance = [record] }, ["a", "b", "c"]) with { Outages = [outage] };
        var report = new SlaCalculator(new SlaOptions()).Report(timeline, SlaPeriod.Month(2025, 11), Start.AddDays(10));
        Assert.Equal(TimeSpan.Zero, report.ForTenant("a").CountedDowntime);
        Assert.Equal(TimeSpan.Zero, report.ForTenant("b").CountedDowntime);
        Assert.Equal(TimeSpan.FromHours(1), report.ForTenant("c").CountedDowntime);

        // Every tenant reached and nothing claimed: one ruling.
        var all = Assert.Single(Assess(Window() with { RecordedAt = InTime, NoticeSentAt = InTime, Notified = ["a", "b", "c"] }));
        Assert.Equal(AnnouncementEvidence.NoticeMail, all.Window.Evidence);
    }

    [Fact]
    public void Imported_history_is_judged_by_its_claimed_time_and_marked()
    {
        var record = Window() with { AnnouncedAt = InTime, RecordedAt = new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero) };
        Assert.Equal(MaintenanceVerdict.RecordedAfterStart, Assert.Single(Assess(record)).Verdict);
        var options = new SlaOptions { ImportedHistoryBefore = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero) };
        var imported = Assert.Single(Assess(record, options));
        Assert.Equal(MaintenanceVerdict.AnnouncedInTime, imported.Verdict);
        Assert.Equal(AnnouncementEvidence.Claimed, imported.Window.Evidence);
        Assert.Contains(SlaRulesApplied.From(options).Describe(), l => l.Contains("imported history", StringComparison.Ordinal));
        Assert.Throws<ValidationException>(() => new SlaOptions { ImportedHistoryBefore = DateTimeOffset.UtcNow.AddDays(1) }.Validate());
    }

    [Fact]
    public void A_window_announced_in_time_is_exempt_though_it_needed_no_announcement()
    {
        var ruling = Assert.Single(Assess(Window(outageExpected: false) with { AnnouncedAt = InTime, RecordedAt = InTime }));
        Assert.Equal(MaintenanceVerdict.AnnouncedInTime, ruling.Verdict);
        Assert.True(ruling.IsExempt);
    }
}
