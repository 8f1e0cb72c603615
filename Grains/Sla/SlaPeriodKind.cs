namespace Smgw.Grains.Sla;

/// <summary>Calendar periods on Berlin's calendar that availability or the interruption cap is measured over.</summary>
public enum SlaPeriodKind
{
    /// <summary>Monday 00:00 to Monday 00:00 Berlin time (ISO 8601 week).</summary>
    IsoWeek = 0,

    /// <summary>A calendar month, first day 00:00 to the next month's first day 00:00 Berlin time.</summary>
    Month = 1,

    /// <summary>A calendar quarter (Jan–Mar, Apr–Jun, Jul–Sep, Oct–Dec).</summary>
    Quarter = 2,

    /// <summary>A calendar year, 1 Jan 00:00 to 1 Jan 00:00 Berlin time.</summary>
    Year = 3,
}
