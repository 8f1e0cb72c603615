using System.Globalization;

namespace Smgw.Grains.Sla;

/// <summary>
/// One Berlin calendar period as a half-open UTC interval [Start, End). Its <see cref="Length"/> is real
/// elapsed time, so a month containing the spring DST change is one hour shorter than its day count
/// suggests (March 2025: 743 h) and one containing the autumn change one hour longer (October 2025: 745 h).
/// </summary>
public sealed record SlaPeriod
{
    private SlaPeriod(SlaPeriodKind kind, DateOnly firstDay, DateOnly endDay, string label)
    {
        Kind = kind;
        FirstDay = firstDay;
        EndDay = endDay;
        Label = label;
        Start = BerlinTime.StartOfDay(firstDay);
        End = BerlinTime.StartOfDay(endDay);
    }

    public SlaPeriodKind Kind { get; }

    /// <summary>The first Berlin day of the period.</summary>
    public DateOnly FirstDay { get; }

    /// <summary>The first Berlin day after the period.</summary>
    public DateOnly EndDay { get; }

    /// <summary>"2025-10", "2025-Q4", "2025", "2025-W44" (ISO week-numbering year).</summary>
    public string Label { get; }

    /// <summary>Inclusive start, UTC.</summary>
    public DateTimeOffset Start { get; }

    /// <summary>Exclusive end, UTC.</summary>
    public DateTimeOffset End { get; }

    public TimeSpan Length => End - Start;

    public TimeInterval Interval => new(Start, End);

    public static SlaPeriod Month(int year, int month)
    {
        var first = new DateOnly(year, month, 1);
        return new(SlaPeriodKind.Month, first, first.AddMonths(1), first.ToString("yyyy-MM", CultureInfo.InvariantCulture));
    }

    public static SlaPeriod Quarter(int year, int quarter)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(quarter, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(quarter, 4);
        var first = new DateOnly(year, ((quarter - 1) * 3) + 1, 1);
        return new(SlaPeriodKind.Quarter, first, first.AddMonths(3), string.Create(CultureInfo.InvariantCulture, $"{year}-Q{quarter}"));
    }

    public static SlaPeriod Year(int year)
    {
        var first = new DateOnly(year, 1, 1);
        return new(SlaPeriodKind.Year, first, first.AddYears(1), year.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>ISO 8601 week <paramref name="week"/> of ISO week-numbering year <paramref name="isoYear"/>.</summary>
    public static SlaPeriod IsoWeek(int isoYear, int week)
    {
        var monday = DateOnly.FromDateTime(ISOWeek.ToDateTime(isoYear, week, DayOfWeek.Monday));
        return new(SlaPeriodKind.IsoWeek, monday, monday.AddDays(7), string.Create(CultureInfo.InvariantCulture, $"{isoYear}-W{week:00}"));
    }

    /// <summary>The period of the given kind that contains a Berlin day.</summary>
    public static SlaPeriod Containing(SlaPeriodKind kind, DateOnly day) => kind switch
    {
        SlaPeriodKind.IsoWeek => IsoWeekContaining(day),
        SlaPeriodKind.Month => Month(day.Year, day.Month),
        SlaPeriodKind.Quarter => Quarter(day.Year, ((day.Month - 1) / 3) + 1),
        SlaPeriodKind.Year => Year(day.Year),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>The period of the given kind that contains an instant (on Berlin's calendar).</summary>
    public static SlaPeriod Containing(SlaPeriodKind kind, DateTimeOffset instant) => Containing(kind, BerlinTime.DayOf(instant));

    /// <summary>The period of the same kind that follows this one.</summary>
    public SlaPeriod Next() => Containing(Kind, EndDay);

    /// <summary>All periods of <paramref name="kind"/> that share at least one instant with <paramref name="interval"/>, in order.</summary>
    public static IReadOnlyList<SlaPeriod> Touching(SlaPeriodKind kind, TimeInterval interval)
    {
        var result = new List<SlaPeriod>();
        for (var period = Containing(kind, interval.Start); period.Start < interval.End; period = period.Next())
        {
            result.Add(period);
        }
        return result;
    }

    public override string ToString() => $"{Kind} {Label} [{Start:u}, {End:u})";

    private static SlaPeriod IsoWeekContaining(DateOnly day)
    {
        var (year, week) = BerlinTime.IsoWeekOf(day);
        return IsoWeek(year, week);
    }
}
