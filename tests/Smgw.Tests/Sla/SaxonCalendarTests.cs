using Smgw.Grains.Sla;
using Xunit;

namespace Smgw.Tests.Sla;

/// <summary>Saxon working days (SLA-3) over the PublicHoliday package's calendar for state SN.</summary>
public class SaxonCalendarTests
{
    private static readonly SaxonCalendar Calendar = SaxonCalendar.Instance;

    private static DateOnly D(int y, int m, int d) => new(y, m, d);

    [Fact]
    public void Saxon_holidays_2025_are_the_eleven_statutory_ones()
    {
        // Sächsisches Feiertagsgesetz, 2025: New Year, Good Friday 18 Apr, Easter Monday 21 Apr, 1 May,
        // Ascension 29 May, Whit Monday 9 Jun, German Unity 3 Oct, Reformation Day 31 Oct,
        // Repentance Day 19 Nov, Christmas 25/26 Dec. (Corpus Christi is a holiday only in some Sorbian
        // municipalities, not state-wide; it is not in the state calendar.)
        DateOnly[] expected =
        [
            D(2025, 1, 1), D(2025, 4, 18), D(2025, 4, 21), D(2025, 5, 1), D(2025, 5, 29), D(2025, 6, 9),
            D(2025, 10, 3), D(2025, 10, 31), D(2025, 11, 19), D(2025, 12, 25), D(2025, 12, 26),
        ];
        Assert.Equal(expected, Calendar.PublicHolidays(2025));
        Assert.False(Calendar.IsPublicHoliday(D(2025, 6, 19))); // Corpus Christi 2025
        Assert.False(Calendar.IsPublicHoliday(D(2025, 11, 1)));  // All Saints: Bavaria etc., not Saxony
    }

    [Theory]
    [InlineData(2019)]
    [InlineData(2024)]
    [InlineData(2025)]
    [InlineData(2026)]
    [InlineData(2030)]
    public void Reformation_day_is_a_Saxon_holiday_every_year(int year)
    {
        Assert.True(Calendar.IsPublicHoliday(D(year, 10, 31)));
        if (D(year, 10, 31).DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday))
        {
            Assert.False(Calendar.IsWorkingDay(D(year, 10, 31)));
        }
    }

    [Theory]
    // Wednesday before 23 Nov; hand-checked against a calendar:
    [InlineData(2017, 22)] // 23 Nov 2017 is a Thursday → Wed 22
    [InlineData(2022, 16)] // 23 Nov 2022 is itself a Wednesday → the Wednesday BEFORE is the 16th
    [InlineData(2024, 20)] // 23 Nov 2024 is a Saturday → Wed 20
    [InlineData(2025, 19)] // 23 Nov 2025 is a Sunday → Wed 19
    [InlineData(2026, 18)] // Monday → Wed 18
    [InlineData(2027, 17)] // Tuesday → Wed 17
    [InlineData(2033, 16)] // Wednesday again → 16
    public void Repentance_day_is_the_Wednesday_before_23_November(int year, int day)
    {
        var repentance = D(year, 11, day);
        Assert.Equal(DayOfWeek.Wednesday, repentance.DayOfWeek);
        Assert.True(Calendar.IsPublicHoliday(repentance));
        Assert.False(Calendar.IsWorkingDay(repentance));
        Assert.True(Calendar.IsWorkingDay(repentance.AddDays(-7)));
        Assert.True(Calendar.IsWorkingDay(repentance.AddDays(1)));
    }

    [Fact]
    public void Repentance_day_matches_the_rule_for_a_century()
    {
        for (var year = 2000; year <= 2100; year++)
        {
            var wednesday = D(year, 11, 22);
            while (wednesday.DayOfWeek != DayOfWeek.Wednesday)
            {
                wednesday = wednesday.AddDays(-1);
            }
            var novemberHolidays = Calendar.PublicHolidays(year).Where(d => d.Month == 11).ToList();
            Assert.Equal([wednesday], novemberHolidays);
        }
    }

    [Fact]
    public void Easter_dependent_holidays_follow_Easter_for_a_century()
    {
        for (var year = 2000; year <= 2100; year++)
        {
            var easter = EasterSunday(year);
            var holidays = Calendar.PublicHolidays(year);
            Assert.Contains(easter.AddDays(-2), holidays); // Good Friday
            Assert.Contains(easter.AddDays(1), holidays);  // Easter Monday
            Assert.Contains(easter.AddDays(39), holidays); // Ascension (Thursday)
            Assert.Contains(easter.AddDays(50), holidays); // Whit Monday
            Assert.False(Calendar.IsWorkingDay(easter.AddDays(-2)), $"Good Friday {year}");
            Assert.False(Calendar.IsWorkingDay(easter.AddDays(39)), $"Ascension {year}");
            Assert.True(Calendar.IsWorkingDay(easter.AddDays(-3)), $"Maundy Thursday {year} is a working day");
            Assert.True(Calendar.IsWorkingDay(easter.AddDays(2)), $"Easter Tuesday {year} is a working day");
        }
    }

    [Fact]
    public void Easter_2025_and_2026_by_hand()
    {
        // Easter Sunday 20 Apr 2025 / 5 Apr 2026.
        Assert.False(Calendar.IsWorkingDay(D(2025, 4, 18)));
        Assert.False(Calendar.IsWorkingDay(D(2025, 4, 21)));
        Assert.True(Calendar.IsWorkingDay(D(2025, 4, 22)));
        Assert.False(Calendar.IsWorkingDay(D(2026, 4, 3)));
        Assert.False(Calendar.IsWorkingDay(D(2026, 4, 6)));
        Assert.False(Calendar.IsWorkingDay(D(2026, 5, 14))); // Ascension 2026
        Assert.False(Calendar.IsWorkingDay(D(2026, 5, 25))); // Whit Monday 2026
    }

    [Fact]
    public void Weekends_are_not_working_days()
    {
        Assert.False(Calendar.IsWorkingDay(D(2025, 11, 1)));
        Assert.False(Calendar.IsWorkingDay(D(2025, 11, 2)));
        Assert.True(Calendar.IsWorkingDay(D(2025, 11, 3)));
    }

    [Fact]
    public void The_briefs_example_announced_Tue_28_Oct_2025_starts_Tue_4_Nov_at_the_earliest()
    {
        // Wed 29, Thu 30, (Fri 31 Oct Reformation Day), (Sat 1, Sun 2), Mon 3 Nov → start Tue 4 Nov.
        Assert.Equal(D(2025, 11, 4), Calendar.EarliestStartDay(D(2025, 10, 28), 3));
        Assert.Equal(3, Calendar.WorkingDaysStrictlyBetween(D(2025, 10, 28), D(2025, 11, 4)));
        Assert.Equal(2, Calendar.WorkingDaysStrictlyBetween(D(2025, 10, 28), D(2025, 11, 3)));
    }

    [Fact]
    public void The_looser_reading_lets_work_start_on_the_third_working_day()
    {
        Assert.Equal(D(2025, 11, 3), Calendar.EarliestStartDay(D(2025, 10, 28), 3, AnnouncementReading.StartOnNthWorkingDay));
    }

    [Theory]
    // Around Repentance Day 2025 (Wed 19 Nov):
    [InlineData("2025-11-14", 3, "2025-11-21")] // Fri: Mon 17, Tue 18, (Wed 19), Thu 20 → Fri 21
    [InlineData("2025-11-17", 3, "2025-11-22")] // Mon: Tue 18, (Wed 19), Thu 20, Fri 21 → Sat 22 (the day after the 3rd; a weekend start is allowed)
    [InlineData("2025-11-18", 3, "2025-11-25")] // Tue: (Wed 19), Thu 20, Fri 21, Mon 24 → Tue 25
    // Plain week, no holiday:
    [InlineData("2025-11-03", 3, "2025-11-07")] // Mon: Tue, Wed, Thu → Fri 7
    [InlineData("2025-11-05", 3, "2025-11-11")] // Wed: Thu 6, Fri 7, Mon 10 → Tue 11
    // Announced on a weekend:
    [InlineData("2025-11-08", 3, "2025-11-13")] // Sat: Mon 10, Tue 11, Wed 12 → Thu 13
    // Christmas and New Year 2025/26: Wed 24 Dec is a working day (not a statutory holiday).
    [InlineData("2025-12-22", 3, "2025-12-30")] // Mon: Tue 23, Wed 24, (25, 26, 27, 28), Mon 29 → Tue 30
    // Configurable number of days:
    [InlineData("2025-10-28", 1, "2025-10-30")] // Wed 29 → Thu 30
    [InlineData("2025-10-28", 5, "2025-11-06")] // 29, 30, 3, 4, 5 → Thu 6
    [InlineData("2025-10-28", 0, "2025-10-28")]
    public void Earliest_start_day(string announced, int days, string earliest)
    {
        var start = Calendar.EarliestStartDay(DateOnly.Parse(announced), days);
        Assert.Equal(DateOnly.Parse(earliest), start);
        Assert.Equal(days, Calendar.WorkingDaysStrictlyBetween(DateOnly.Parse(announced), start));
        if (days > 0)
        {
            Assert.Equal(days - 1, Calendar.WorkingDaysStrictlyBetween(DateOnly.Parse(announced), start.AddDays(-1)));
        }
    }

    /// <summary>Anonymous Gregorian algorithm (Meeus/Jones/Butcher), independent of the package.</summary>
    private static DateOnly EasterSunday(int year)
    {
        var a = year % 19;
        var b = year / 100;
        var c = year % 100;
        var d = b / 4;
        var e = b % 4;
        var f = (b + 8) / 25;
        var g = (b - f + 1) / 3;
        var h = ((19 * a) + b - d - g + 15) % 30;
        var i = c / 4;
        var k = c % 4;
        var l = (32 + (2 * e) + (2 * i) - h - k) % 7;
        var m = (a + (11 * h) + (22 * l)) / 451;
        var month = (h + l - (7 * m) + 114) / 31;
        var day = ((h + l - (7 * m) + 114) % 31) + 1;
        return new DateOnly(year, month, day);
    }
}
