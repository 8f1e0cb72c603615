using Smgw.Interfaces.Sla;

namespace Smgw.Grains.Sla;

/// <summary>
/// The report of one subject (a tenant, or the service when <see cref="Tenant"/> is null) laid out
/// for people: a figure per Berlin day and every interruption, exempt window and exclusion touching
/// the period, in time order. What the chart and the tables are drawn from.
/// </summary>
public sealed record SlaBreakdown(
    SlaReport Report,
    SubjectReport Subject,
    IReadOnlyList<DailyFigure> Days,
    IReadOnlyList<ReportedInterruption> Interruptions)
{
    public string? Tenant => Subject.Tenant;

    public static SlaBreakdown For(SlaReport report, string? tenant, SlaRecords records)
    {
        var subject = tenant is null ? report.Overall : report.ForTenant(tenant);
        bool Affects(TenantScope scope) => tenant is null || scope.Includes(tenant);
        bool AffectsRecord(IReadOnlyList<string> tenants) => tenant is null || tenants.Count == 0 || tenants.Contains(tenant);

        var period = report.Period.Interval;
        var asOf = report.AsOf;
        var counted = subject.Interruptions
            .Select(i => new ReportedInterruption(i.Start, i.End, InterruptionKind.Counted, WhatFailed(records, i, AffectsRecord, asOf), Ongoing(records, i, asOf)))
            .ToList();
        // The days marked are those of the exempt windows and exclusions; the rows are the outage time they actually cut out.
        var exemptWindows = report.Maintenance.Where(m => m.IsExempt && Affects(m.Window.Affected)).ToList();
        var exclusions = report.Exclusions.Where(x => Affects(x.Affected)).ToList();
        var exempt = (subject.ExemptParts ?? [])
            .Select(part => Row(part, InterruptionKind.ExemptMaintenance,
                exemptWindows.Where(m => m.Window.Interval.Overlaps(part)).Select(m => new ReasonSource(m.Window.Effects, Verdict: m.Verdict))))
            .ToList();
        var excluded = (subject.ExcludedParts ?? [])
            .Select(part => Row(part, InterruptionKind.Excluded,
                exclusions.Where(x => x.Interval.Overlaps(part)).Select(x => new ReasonSource(x.Reason, TaggedBy: x.TaggedBy))))
            .ToList();

        var days = new List<DailyFigure>();
        for (var day = report.Period.FirstDay; day < report.Period.EndDay; day = day.AddDays(1))
        {
            var interval = new TimeInterval(BerlinTime.StartOfDay(day), BerlinTime.StartOfDay(day.AddDays(1)));
            var down = IntervalSet.Total(IntervalSet.Clip(subject.Interruptions, interval));
            days.Add(new DailyFigure(
                day,
                interval.Duration,
                down,
                exemptWindows.Any(m => m.Window.Interval.Overlaps(interval)),
                exclusions.Any(x => x.Interval.Overlaps(interval)),
                interval.Start >= asOf));
        }

        var all = counted.Concat(exempt).Concat(excluded)
            .Where(i => new TimeInterval(i.Start, i.End).Overlaps(period) || (i.Ongoing && i.Start < period.End))
            .OrderBy(i => i.Start).ThenBy(i => i.Kind)
            .ToList();
        return new SlaBreakdown(report, subject, days, all);
    }

    private static string WhatFailed(SlaRecords records, TimeInterval interruption, Func<IReadOnlyList<string>, bool> affects, DateTimeOffset asOf) =>
        string.Join("; ", records.Outages
            .Where(o => affects(o.Tenants) && new TimeInterval(o.Start, o.End ?? (asOf > o.Start ? asOf : o.Start)).Overlaps(interruption))
            .Select(o => o.WhatFailed)
            .Where(w => w.Length > 0)
            .Distinct());

    private static bool Ongoing(SlaRecords records, TimeInterval interruption, DateTimeOffset asOf) =>
        interruption.End == asOf && records.Outages.Any(o => o.End is null && o.Start <= interruption.End);

    private static ReportedInterruption Row(TimeInterval part, InterruptionKind kind, IEnumerable<ReasonSource> sources)
    {
        var distinct = sources.Distinct().ToList();
        return new ReportedInterruption(part.Start, part.End, kind, string.Join("; ", distinct), false, distinct);
    }
}
