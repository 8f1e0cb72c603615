using Microsoft.Extensions.Options;
using Prometheus;
using Smgw.Grains.Sla;
using Smgw.Interfaces;
using Smgw.Interfaces.Sla;

namespace Smgw.Silo.Sla;

/// <summary>
/// The SLA figures in <c>/metrics</c> for the current period (availability, error budget left),
/// the current ISO week (longest counted interruption, for the 240-minute alert) and ongoing
/// interruptions, maintenance in progress; refreshed when this process changed a record
/// (<see cref="RequestRefresh"/>) and at least every <see cref="MaxAge"/> (records changed through
/// another silo; the 240-minute alert reads these gauges). Tenant "all" is the service.
/// </summary>
public sealed class SlaMetrics(IGrainFactory grains, IOptions<SlaOptions> sla, IOptions<Smgw.Silo.Probe.ProbeOptions> probe, IOptions<Smgw.Silo.Reminders.ReminderOptions> refresh, TimeProvider time, ILogger<SlaMetrics> logger) : BackgroundService
{
    private static readonly Gauge Availability = Metrics.CreateGauge(
        "smgw_sla_availability_ratio", "Availability in the current SLA period so far (1 - counted downtime / period length).", "tenant");

    private static readonly Gauge BudgetLeft = Metrics.CreateGauge(
        "smgw_sla_error_budget_remaining_ratio", "Share of the period's error budget (1 - target) not used yet; negative when overspent.", "tenant");

    private static readonly Gauge LongestThisWeek = Metrics.CreateGauge(
        "smgw_sla_longest_interruption_week_seconds", "Longest counted continuous interruption touching the current ISO week (cap: 240 min).", "tenant");

    private static readonly Gauge Ongoing = Metrics.CreateGauge(
        "smgw_sla_current_outage_seconds", "How long the ongoing interruption has lasted (0 when none).");

    private static readonly Gauge MaintenanceActive = Metrics.CreateGauge(
        "smgw_sla_maintenance_active", "1 while a registered maintenance window is in progress for the tenant (\"all\": the whole service, or any tenant), else 0.", "tenant");

    /// <summary>The longest the gauges lag behind the records.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(30);

    private static readonly System.Threading.Channels.Channel<bool> Changed =
        System.Threading.Channels.Channel.CreateBounded<bool>(new System.Threading.Channels.BoundedChannelOptions(1) { FullMode = System.Threading.Channels.BoundedChannelFullMode.DropWrite });

    /// <summary>A record changed: refresh the gauges now rather than at the next tick.</summary>
    public static void RequestRefresh() => Changed.Writer.TryWrite(true);

    /// <summary>Set by the probe after each round, so the gauge follows an interruption within seconds.</summary>
    public static void SetCurrentOutage(double seconds) => Ongoing.Set(seconds);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var every = refresh.Value.Interval < MaxAge ? refresh.Value.Interval : MaxAge;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RefreshAsync();
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "Refreshing the SLA metrics failed");
            }
            using var tick = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            tick.CancelAfter(every);
            try
            {
                await Changed.Reader.ReadAsync(tick.Token);
            }
            catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
            {
                // the periodic refresh
            }
        }
    }

    private async Task RefreshAsync()
    {
        var now = time.GetUtcNow();
        var records = await grains.GetGrain<ISlaGrain>(ISlaGrain.DefaultKey).GetRecordsAsync();
        var tenants = await Api.SlaApi.SlaTenantsAsync(grains, probe.Value);
        var calculator = new SlaCalculator(sla.Value);
        var timeline = SlaTimelines.From(records, tenants, sla.Value);
        var report = calculator.Report(timeline, SlaPeriod.Containing(sla.Value.AvailabilityPeriod, now), now);
        var week = calculator.Report(timeline, SlaPeriod.Containing(SlaPeriodKind.IsoWeek, now), now);
        foreach (var subject in report.Tenants.Prepend(report.Overall))
        {
            var label = subject.Tenant ?? "all";
            Availability.WithLabels(label).Set(subject.Availability);
            BudgetLeft.WithLabels(label).Set(subject.ErrorBudgetRemainingRatio);
        }
        foreach (var subject in week.Tenants.Prepend(week.Overall))
        {
            LongestThisWeek.WithLabels(subject.Tenant ?? "all").Set(subject.LongestInterruption.TotalSeconds);
        }
        Ongoing.Set(records.Outages.Where(o => o.End is null).Select(o => (now - o.Start).TotalSeconds).DefaultIfEmpty(0).Max());

        var active = records.Maintenance.Where(m => m.Start <= now && now < m.End).ToList();
        MaintenanceActive.WithLabels("all").Set(active.Count > 0 ? 1 : 0);
        foreach (var subject in report.Tenants)
        {
            var tenant = subject.Tenant ?? "";
            var inProgress = active.Any(m => m.Tenants.Count == 0 || m.Tenants.Contains(tenant, StringComparer.Ordinal));
            MaintenanceActive.WithLabels(tenant).Set(inProgress ? 1 : 0);
        }
    }
}
