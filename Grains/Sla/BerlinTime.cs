using System.Globalization;

namespace Smgw.Grains.Sla;

/// <summary>
/// Times are kept in UTC; days, weeks, months and years are Europe/Berlin's (BRIEF: "Times are kept
/// in UTC and shown in Europe/Berlin; weeks and working days are Berlin's").
/// </summary>
public static class BerlinTime
{
    /// <summary>The IANA zone "Europe/Berlin" (from the machine's tzdata).</summary>
    public static TimeZoneInfo Zone { get; } = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

    /// <summary>The Berlin wall-clock time of an instant.</summary>
    public static DateTime ToLocal(DateTimeOffset instant) =>
        TimeZoneInfo.ConvertTimeFromUtc(instant.UtcDateTime, Zone);

    /// <summary>The Berlin calendar day an instant falls on.</summary>
    public static DateOnly DayOf(DateTimeOffset instant) => DateOnly.FromDateTime(ToLocal(instant));

    /// <summary>
    /// The instant (UTC) at which a Berlin day begins. Midnight is never skipped or repeated in
    /// Berlin (the clocks change at 02:00/03:00), so this is always well defined.
    /// </summary>
    public static DateTimeOffset StartOfDay(DateOnly day)
    {
        var local = DateTime.SpecifyKind(day.ToDateTime(TimeOnly.MinValue), DateTimeKind.Unspecified);
        return new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(local, Zone), TimeSpan.Zero);
    }

    /// <summary>The Monday that starts the ISO 8601 week containing <paramref name="day"/>.</summary>
    public static DateOnly IsoWeekMonday(DateOnly day) => day.AddDays(-(((int)day.DayOfWeek + 6) % 7));

    /// <summary>ISO 8601 week-numbering year and week of a day, e.g. (2026, 1) for Mon 29 Dec 2025.</summary>
    public static (int Year, int Week) IsoWeekOf(DateOnly day)
    {
        var dateTime = day.ToDateTime(TimeOnly.MinValue);
        return (ISOWeek.GetYear(dateTime), ISOWeek.GetWeekOfYear(dateTime));
    }
}
