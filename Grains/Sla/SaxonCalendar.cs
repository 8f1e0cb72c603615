using PublicHoliday;

namespace Smgw.Grains.Sla;

/// <summary>
/// Saxon working days (SLA-3): Monday to Friday and not a public holiday of the Free State of
/// Saxony, from the PublicHoliday package's German calendar for state SN. That calendar includes
/// Reformation Day (31 Oct) and Repentance Day (the Wednesday before 23 Nov) for Saxony.
/// Thread-safe: holidays are computed once per year and cached.
/// </summary>
public sealed class SaxonCalendar
{
    private readonly GermanPublicHoliday _holidays = new() { State = GermanPublicHoliday.States.SN };
    private readonly System.Collections.Concurrent.ConcurrentDictionary<int, IReadOnlySet<DateOnly>> _byYear = new();

    /// <summary>One shared instance (the calendar has no settings).</summary>
    public static SaxonCalendar Instance { get; } = new();

    /// <summary>The Saxon public holidays of a year, in date order.</summary>
    public IReadOnlyList<DateOnly> PublicHolidays(int year) => [.. HolidaySet(year).Order()];

    /// <summary>True when the day is a public holiday in Saxony.</summary>
    public bool IsPublicHoliday(DateOnly day) => HolidaySet(day.Year).Contains(day);

    /// <summary>True for Monday to Friday when the day is not a Saxon public holiday.</summary>
    public bool IsWorkingDay(DateOnly day) =>
        day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && !IsPublicHoliday(day);

    /// <summary>The number of Saxon working days strictly after <paramref name="from"/> and strictly before <paramref name="to"/>.</summary>
    public int WorkingDaysStrictlyBetween(DateOnly from, DateOnly to)
    {
        var count = 0;
        for (var day = from.AddDays(1); day < to; day = day.AddDays(1))
        {
            if (IsWorkingDay(day))
            {
                count++;
            }
        }
        return count;
    }

    /// <summary>The <paramref name="n"/>-th Saxon working day after <paramref name="day"/> (n ≥ 1; the day itself never counts).</summary>
    public DateOnly NthWorkingDayAfter(DateOnly day, int n)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(n);
        var current = day;
        for (var found = 0; found < n;)
        {
            current = current.AddDays(1);
            if (IsWorkingDay(current))
            {
                found++;
            }
        }
        return current;
    }

    /// <summary>
    /// The earliest Berlin day on which announced work may start (SLA-3).
    /// <see cref="AnnouncementReading.FullWorkingDaysBetween"/> (the brief's default): <paramref name="workingDays"/>
    /// full working days lie strictly between the announcement day and the start day, so the start day is the
    /// day after the n-th working day. <see cref="AnnouncementReading.StartOnNthWorkingDay"/>: the start day may be
    /// the n-th working day itself. With 0 days the work may start on the announcement day.
    /// </summary>
    public DateOnly EarliestStartDay(DateOnly announcedOn, int workingDays, AnnouncementReading reading = AnnouncementReading.FullWorkingDaysBetween)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(workingDays);
        if (workingDays == 0)
        {
            return announcedOn;
        }
        var nth = NthWorkingDayAfter(announcedOn, workingDays);
        return reading switch
        {
            AnnouncementReading.FullWorkingDaysBetween => nth.AddDays(1),
            AnnouncementReading.StartOnNthWorkingDay => nth,
            _ => throw new ArgumentOutOfRangeException(nameof(reading), reading, null),
        };
    }

    private IReadOnlySet<DateOnly> HolidaySet(int year) =>
        _byYear.GetOrAdd(year, y => _holidays.PublicHolidays(y).Select(DateOnly.FromDateTime).ToHashSet());
}
