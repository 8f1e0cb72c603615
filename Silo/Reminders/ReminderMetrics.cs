using Microsoft.Extensions.Options;
using Prometheus;

namespace Smgw.Silo.Reminders;

/// <summary>Refreshes the reminder gauges in <c>/metrics</c> every <see cref="ReminderOptions.Interval"/>.</summary>
public sealed class ReminderMetrics(ReminderCollector collector, IOptions<ReminderOptions> options, TimeProvider time, ILogger<ReminderMetrics> logger) : BackgroundService
{
    private static readonly Gauge CertificateDays = Metrics.CreateGauge(
        "smgw_certificate_expiry_days", "Days until the organisation certificate of a tenant domain expires (negative: expired).", "tenant", "domain");

    private static readonly Gauge Waiting = Metrics.CreateGauge(
        "smgw_reminders", "Things waiting on someone, by kind (certificate-expiring, certificate-expired, checklist-waiting).", "kind");

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.Interval, time);
        do
        {
            try
            {
                var certificates = await collector.OrganisationCertificatesAsync(_ => true);
                var now = time.GetUtcNow();
                foreach (var (tenant, domain, entry) in certificates)
                {
                    CertificateDays.WithLabels(tenant, domain).Set(Math.Round((entry.NotAfter - now).TotalDays, 2));
                }
                var reminders = await collector.CollectAsync(_ => true, certificates);
                foreach (var kind in new[] { "certificate-expiring", "certificate-expired", "checklist-waiting" })
                {
                    Waiting.WithLabels(kind).Set(reminders.Count(r => r.Kind == kind));
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "Refreshing the reminder metrics failed; trying again in {Interval}", options.Value.Interval);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
