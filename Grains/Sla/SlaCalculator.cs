namespace Smgw.Grains.Sla;

/// <summary>
/// The SLA arithmetic (SLA-1..3): pure, deterministic, no clock of its own (the caller passes "as of").
/// <list type="number">
/// <item>Each maintenance window is ruled on (<see cref="MaintenanceRules"/>).</item>
/// <item>Per tenant: the outages affecting it are merged; exempt windows and then tagged exclusions
/// covering it are cut out; what is left is counted downtime.</item>
/// <item>Overall: see <see cref="OverallRule"/>.</item>
/// <item>Availability over the period = 1 − counted downtime inside it / its length; SLA-2 takes the
/// longest counted interruption touching each ISO week.</item>
/// </list>
/// </summary>
public sealed class SlaCalculator
{
    private readonly SlaOptions _options;
    private readonly MaintenanceRules _maintenance;

    public SlaCalculator(SlaOptions options, SaxonCalendar calendar)
    {
        options.Validate();
        _options = options;
        _maintenance = new MaintenanceRules(options, calendar);
    }

    public SlaCalculator(SlaOptions options)
        : this(options, SaxonCalendar.Instance)
    {
    }

    public MaintenanceRules Maintenance => _maintenance;

    /// <summary>The report for the configured availability period that contains <paramref name="asOf"/>.</summary>
    public SlaReport CurrentReport(SlaTimeline timeline, DateTimeOffset asOf) =>
        Report(timeline, SlaPeriod.Containing(_options.AvailabilityPeriod, asOf), asOf);

    /// <summary>The report for <paramref name="period"/>, taking into account what is known at <paramref name="asOf"/>
    /// (ongoing outages end there; nothing after it is counted).</summary>
    public SlaReport Report(SlaTimeline timeline, SlaPeriod period, DateTimeOffset asOf)
    {
        var assessments = timeline.MaintenanceWindows.Select(_maintenance.Assess).ToList();
        var exempt = assessments.Where(a => a.IsExempt).Select(a => a.Window).ToList();

        var named = timeline.KnownTenants
            .Concat(timeline.Outages.SelectMany(o => o.Affected.Tenants))
            .Concat(timeline.MaintenanceWindows.SelectMany(w => w.Affected.Tenants))
            .Concat(timeline.Exclusions.SelectMany(e => e.Affected.Tenants))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();

        var perTenant = named.ToDictionary(t => t, t => Account(timeline, exempt, t, asOf), StringComparer.Ordinal);

        Accounting overall;
        if (_options.OverallRule == OverallRule.AllTenantsDown)
        {
            overall = Account(timeline, exempt, tenant: null, asOf);
        }
        else
        {
            // The service is down while any tenant is: the union over every tenant, plus the unnamed
            // others when the tenant list is not known to be complete.
            var subjects = perTenant.Values.ToList();
            if (timeline.KnownTenants.Count == 0)
            {
                subjects.Add(Account(timeline, exempt, tenant: null, asOf));
            }
            var raw = IntervalSet.Normalize(subjects.SelectMany(s => s.Raw));
            var counted = IntervalSet.Normalize(subjects.SelectMany(s => s.Counted));
            var notCounted = IntervalSet.Subtract(raw, counted);
            var exemptPart = IntervalSet.Intersect(notCounted, exempt.Select(w => w.Interval));
            overall = new Accounting(raw, IntervalSet.Normalize(exemptPart), IntervalSet.Subtract(notCounted, exemptPart), counted);
        }

        return new SlaReport(
            period,
            asOf,
            SlaRulesApplied.From(_options),
            Summarize(null, overall, period),
            [.. named.Select(t => Summarize(t, perTenant[t], period))],
            [.. assessments.Where(a => a.Window.Interval.Overlaps(period.Interval))],
            [.. timeline.Exclusions.Where(e => e.Interval.Overlaps(period.Interval))]);
    }

    /// <summary>
    /// The counted interruptions of one tenant (null: an unnamed tenant, touched only by all-tenant items), merged,
    /// with exempt maintenance and tagged exclusions cut out, as known at <paramref name="asOf"/>.
    /// </summary>
    public IReadOnlyList<TimeInterval> CountedInterruptions(SlaTimeline timeline, string? tenant, DateTimeOffset asOf)
    {
        var exempt = timeline.MaintenanceWindows.Where(w => _maintenance.Assess(w).IsExempt).ToList();
        return Account(timeline, exempt, tenant, asOf).Counted;
    }

    /// <summary>SLA-2 for one cap period: the longest counted interruption touching it, under the boundary rule.</summary>
    public InterruptionPeriodReport Interruption(IReadOnlyList<TimeInterval> counted, SlaPeriod capPeriod)
    {
        TimeInterval? longest = null;
        var longestCounted = TimeSpan.Zero;
        foreach (var interval in counted)
        {
            if (interval.Intersect(capPeriod.Interval) is not { } inside)
            {
                continue;
            }
            var length = _options.WeekBoundaryRule == WeekBoundaryRule.FullLengthInEveryWeek ? interval.Duration : inside.Duration;
            if (length > longestCounted)
            {
                longestCounted = length;
                longest = interval;
            }
        }
        return new InterruptionPeriodReport(capPeriod, longest, longestCounted, _options.InterruptionCap);
    }

    private static bool Applies(TenantScope scope, string? tenant) => tenant is null ? scope.IsAll : scope.Includes(tenant);

    private static Accounting Account(SlaTimeline timeline, IReadOnlyList<MaintenanceWindow> exemptWindows, string? tenant, DateTimeOffset asOf)
    {
        var raw = IntervalSet.Normalize(timeline.Outages
            .Where(o => Applies(o.Affected, tenant) && o.Start < asOf)
            .Select(o => o.IntervalAsOf(asOf)));
        var exemptCuts = exemptWindows.Where(w => Applies(w.Affected, tenant)).Select(w => w.Interval).ToList();
        var exclusionCuts = timeline.Exclusions.Where(e => Applies(e.Affected, tenant)).Select(e => e.Interval).ToList();

        var exempt = IntervalSet.Intersect(raw, exemptCuts);
        var afterExempt = IntervalSet.Subtract(raw, exemptCuts);
        var excluded = IntervalSet.Intersect(afterExempt, exclusionCuts);
        var counted = IntervalSet.Subtract(afterExempt, exclusionCuts);
        return new Accounting(raw, exempt, excluded, counted);
    }

    private SubjectReport Summarize(string? tenant, Accounting accounting, SlaPeriod period)
    {
        var window = period.Interval;
        var capPeriods = SlaPeriod.Touching(_options.InterruptionPeriod, window);
        return new SubjectReport(
            tenant,
            period.Length,
            IntervalSet.Total(IntervalSet.Clip(accounting.Raw, window)),
            IntervalSet.Total(IntervalSet.Clip(accounting.Exempt, window)),
            IntervalSet.Total(IntervalSet.Clip(accounting.Excluded, window)),
            IntervalSet.Total(IntervalSet.Clip(accounting.Counted, window)),
            _options.AvailabilityTarget,
            [.. accounting.Counted.Where(i => i.Overlaps(window))],
            [.. capPeriods.Select(p => Interruption(accounting.Counted, p))],
            [.. accounting.Exempt.Where(i => i.Overlaps(window))],
            [.. accounting.Excluded.Where(i => i.Overlaps(window))]);
    }

    private sealed record Accounting(
        IReadOnlyList<TimeInterval> Raw,
        IReadOnlyList<TimeInterval> Exempt,
        IReadOnlyList<TimeInterval> Excluded,
        IReadOnlyList<TimeInterval> Counted);
}
