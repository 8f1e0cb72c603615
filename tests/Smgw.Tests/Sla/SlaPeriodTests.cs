using Smgw.Grains.Sla;
using Xunit;

namespace Smgw.Tests.Sla;

/// <summary>Berlin calendar periods as UTC intervals, across the DST changes.</summary>
public class SlaPeriodTests
{
    private static DateTimeOffset Utc(int y, int mo, int d, int h = 0, int mi = 0) => new(y, mo, d, h, mi, 0, TimeSpan.Zero);

    [Fact]
    public void March_2025_is_one_hour_short_because_of_the_spring_change()
    {
        // Berlin: 1 Mar 00:00 CET = 28 Feb 23:00 UTC; 1 Apr 00:00 CEST = 31 Mar 22:00 UTC.
        // Clocks go 02:00 → 03:00 on Sun 30 Mar 2025: 31 × 24 − 1 = 743 h.
        var march = SlaPeriod.Month(2025, 3);
        Assert.Equal(Utc(2025, 2, 28, 23), march.Start);
        Assert.Equal(Utc(2025, 3, 31, 22), march.End);
        Assert.Equal(TimeSpan.FromHours(743), march.Length);
        Assert.Equal("2025-03", march.Label);
    }

    [Fact]
    public void October_2025_is_one_hour_long_because_of_the_autumn_change()
    {
        // 1 Oct 00:00 CEST = 30 Sep 22:00 UTC; 1 Nov 00:00 CET = 31 Oct 23:00 UTC.
        // Clocks go 03:00 → 02:00 on Sun 26 Oct 2025: 31 × 24 + 1 = 745 h.
        var october = SlaPeriod.Month(2025, 10);
        Assert.Equal(Utc(2025, 9, 30, 22), october.Start);
        Assert.Equal(Utc(2025, 10, 31, 23), october.End);
        Assert.Equal(TimeSpan.FromHours(745), october.Length);
    }

    [Fact]
    public void November_has_plain_length_and_the_year_has_8760_hours()
    {
        Assert.Equal(TimeSpan.FromHours(720), SlaPeriod.Month(2025, 11).Length);
        // The two changes cancel out over a year: 365 × 24.
        Assert.Equal(TimeSpan.FromHours(8760), SlaPeriod.Year(2025).Length);
        Assert.Equal(Utc(2024, 12, 31, 23), SlaPeriod.Year(2025).Start);
        Assert.Equal(TimeSpan.FromHours(8784), SlaPeriod.Year(2024).Length); // leap year
    }

    [Fact]
    public void Weeks_with_a_DST_change_are_167_and_169_hours()
    {
        // ISO week 13 of 2025: Mon 24 Mar – Sun 30 Mar (spring change on the Sunday).
        var spring = SlaPeriod.IsoWeek(2025, 13);
        Assert.Equal(new DateOnly(2025, 3, 24), spring.FirstDay);
        Assert.Equal(TimeSpan.FromHours(167), spring.Length);
        Assert.Equal(Utc(2025, 3, 23, 23), spring.Start);
        Assert.Equal(Utc(2025, 3, 30, 22), spring.End);
        // ISO week 43: Mon 20 Oct – Sun 26 Oct (autumn change on the Sunday).
        var autumn = SlaPeriod.IsoWeek(2025, 43);
        Assert.Equal(TimeSpan.FromHours(169), autumn.Length);
        Assert.Equal("2025-W43", autumn.Label);
    }

    [Fact]
    public void Quarter_four_2025_has_one_extra_hour()
    {
        var q4 = SlaPeriod.Quarter(2025, 4);
        Assert.Equal(TimeSpan.FromHours((92 * 24) + 1), q4.Length);
        Assert.Equal("2025-Q4", q4.Label);
    }

    [Fact]
    public void Periods_containing_an_instant_use_the_Berlin_day()
    {
        // 31 Oct 2025 23:30 UTC is already Sat 1 Nov 00:30 in Berlin.
        var instant = Utc(2025, 10, 31, 23, 30);
        Assert.Equal("2025-11", SlaPeriod.Containing(SlaPeriodKind.Month, instant).Label);
        Assert.Equal("2025-W44", SlaPeriod.Containing(SlaPeriodKind.IsoWeek, instant).Label);
        // Sun 2 Nov 23:00 UTC is Mon 3 Nov 00:00 Berlin: week 45 begins.
        Assert.Equal("2025-W45", SlaPeriod.Containing(SlaPeriodKind.IsoWeek, Utc(2025, 11, 2, 23)).Label);
        Assert.Equal("2025-W44", SlaPeriod.Containing(SlaPeriodKind.IsoWeek, Utc(2025, 11, 2, 22, 59)).Label);
        // Mon 29 Dec 2025 belongs to ISO week 1 of 2026.
        Assert.Equal("2026-W01", SlaPeriod.Containing(SlaPeriodKind.IsoWeek, new DateOnly(2025, 12, 29)).Label);
        Assert.Equal("2025", SlaPeriod.Containing(SlaPeriodKind.Year, instant).Label);
        Assert.Equal("2025-Q4", SlaPeriod.Containing(SlaPeriodKind.Quarter, instant).Label);
    }

    [Fact]
    public void The_weeks_touching_November_2025_are_W44_to_W49()
    {
        // 1 Nov 2025 is a Saturday (W44), 30 Nov a Sunday (W48). W49 starts Mon 1 Dec = after the month.
        var weeks = SlaPeriod.Touching(SlaPeriodKind.IsoWeek, SlaPeriod.Month(2025, 11).Interval);
        Assert.Equal(["2025-W44", "2025-W45", "2025-W46", "2025-W47", "2025-W48"], weeks.Select(w => w.Label));
    }

    [Fact]
    public void Next_walks_across_the_year_end()
    {
        Assert.Equal("2026-01", SlaPeriod.Month(2025, 12).Next().Label);
        Assert.Equal("2026-W01", SlaPeriod.IsoWeek(2025, 52).Next().Label);
        Assert.Equal("2026-W02", SlaPeriod.IsoWeek(2026, 1).Next().Label);
    }
}
