using System.ComponentModel.DataAnnotations;

namespace Smgw.Grains.Sla;

/// <summary>
/// The service levels (SLA-1..3) and how they are read. Bound from configuration section
/// <see cref="SectionName"/>; the defaults are the brief's.
/// </summary>
public sealed class SlaOptions
{
    public const string SectionName = "Smgw:Sla";

    /// <summary>SLA-1: availability objective per <see cref="AvailabilityPeriod"/> (0.985 = 98.5 %).</summary>
    [Range(0.5, 0.999999)]
    public double AvailabilityTarget { get; set; } = 0.985;

    /// <summary>The period availability is measured over (brief: calendar month; also year).</summary>
    public SlaPeriodKind AvailabilityPeriod { get; set; } = SlaPeriodKind.Month;

    /// <summary>SLA-2: the longest allowed continuous interruption per <see cref="InterruptionPeriod"/>.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00")]
    public TimeSpan InterruptionCap { get; set; } = TimeSpan.FromMinutes(240);

    /// <summary>The period the interruption cap applies to (brief: ISO week).</summary>
    public SlaPeriodKind InterruptionPeriod { get; set; } = SlaPeriodKind.IsoWeek;

    /// <summary>How an interruption across a period boundary counts (brief: full length in every week it touches).</summary>
    public WeekBoundaryRule WeekBoundaryRule { get; set; } = WeekBoundaryRule.FullLengthInEveryWeek;

    /// <summary>SLA-3: Saxon working days of notice for maintenance that needs an announcement.</summary>
    [Range(0, 30)]
    public int AnnouncementWorkingDays { get; set; } = 3;

    /// <summary>How "N working days before" is read (brief's default: N full working days strictly between).</summary>
    public AnnouncementReading AnnouncementReading { get; set; } = AnnouncementReading.FullWorkingDaysBetween;

    /// <summary>SLA-3: work with no outage expected and at most this long needs no announcement.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "7.00:00:00")]
    public TimeSpan UnannouncedMaintenanceMaxDuration { get; set; } = TimeSpan.FromMinutes(240);

    /// <summary>
    /// An outage inside a window that needed no announcement: counts (default) or exempt (the
    /// earlier reading). The report names the reading.
    /// </summary>
    public UnannouncedWindowOutages UnannouncedWindowOutages { get; set; } = UnannouncedWindowOutages.Count;

    /// <summary>
    /// Maintenance windows that ended before this instant are history imported from before the
    /// gateway kept evidence: judged by the announcement time the operator claims, marked "claimed"
    /// in the report. Default: none (every window needs the gateway's evidence). Not in the future.
    /// </summary>
    public DateTimeOffset? ImportedHistoryBefore { get; set; }

    /// <summary>
    /// How far back a recorded interruption, maintenance window or exclusion may lie (a year's
    /// report and some). Older times are refused; raise it to import historical records.
    /// </summary>
    [Range(typeof(TimeSpan), "1.00:00:00", "3650.00:00:00")]
    public TimeSpan RecordsReachBack { get; set; } = TimeSpan.FromDays(400);

    /// <summary>What the overall (all-tenant) figures mean.</summary>
    public OverallRule OverallRule { get; set; } = OverallRule.AnyTenantDown;

    /// <summary>Throws <see cref="ValidationException"/> naming the first wrong setting.</summary>
    public void Validate()
    {
        Validator.ValidateObject(this, new ValidationContext(this), validateAllProperties: true);
        foreach (var (name, value) in new (string, Enum)[]
        {
            (nameof(AvailabilityPeriod), AvailabilityPeriod), (nameof(InterruptionPeriod), InterruptionPeriod),
            (nameof(WeekBoundaryRule), WeekBoundaryRule), (nameof(AnnouncementReading), AnnouncementReading),
            (nameof(OverallRule), OverallRule), (nameof(UnannouncedWindowOutages), UnannouncedWindowOutages),
        })
        {
            if (!Enum.IsDefined(value.GetType(), value))
            {
                throw new ValidationException($"{SectionName}:{name} has no meaning for value {value}");
            }
        }
        if (ImportedHistoryBefore is { } history && history > DateTimeOffset.UtcNow)
        {
            throw new ValidationException($"{SectionName}:{nameof(ImportedHistoryBefore)} {history:u} is in the future; only what has ended can be imported history.");
        }
    }
}
