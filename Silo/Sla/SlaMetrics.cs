using Microsoft.Extensions.Options;
using Prometheus;
using Smgw.Grains.Sla;
using Smgw.Interfaces;
using Smgw.Interfaces.Sla;

namespace Smgw.Silo.Sla;

/// <summary>
/// The SLA figures in <c>/metrics</c> for the current period (availability, error budget left),
/// the current ISO week (longest counted interruption, for the 240-minute alert) and ongoing
/// interruptions, maintenance in progress; refreshed every <see cref="Smgw.Silo.Reminders.ReminderOptions.Interval"/>. Tenant "all" is the service.
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

    /// <summary>Set by the probe after each round, so the gauge follows an interruption within seconds.</summary>
    public static void SetCurrentOutage(double seconds) => Ongoing.Set(seconds);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(refresh.Value.Interval, time);
        do
        {
            try
            {
                await RefreshAsync();
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "Refreshing the SLA metrics failed");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private async Task RefreshAsync()
    {
        var now = time.GetUtcNow();
        var records = await grains.GetGrain<ISlaGrain>(ISlaGrain.DefaultKey).GetRecordsAsync();
        var tenants = await Api.SlaApi.SlaTenantsAsync(grains, probe.Value);
        var calculator = new SlaCalculator(sla.Value);
        var timeline = SlaTimelines.From(records, tenants);
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
