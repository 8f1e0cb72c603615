using Microsoft.Extensions.Options;
using Prometheus;
using Smgw.Interfaces;
using Smgw.Interfaces.Tenants;
using Smgw.Silo.Reminders;

namespace Smgw.Silo.Notices;

/// <summary>
/// Mails each tenant's contacts what waits on the tenant: organisation certificates expiring within
/// the warning days (or expired) and checklist items the tenant owns that are not met. Each item is
/// mailed at most once per <see cref="NoticeOptions.ReminderPeriod"/>: the tenant's profile grain
/// claims it durably before the mail is queued (so several silos never mail it twice) and gives it
/// back if queuing fails.
/// </summary>
public sealed class ReminderMailer(
    ReminderCollector collector,
    NoticeSender sender,
    IGrainFactory grains,
    IOptions<NoticeOptions> notices,
    IOptions<Smgw.Silo.Reminders.ReminderOptions> reminders,
    TimeProvider time,
    ILogger<ReminderMailer> logger) : BackgroundService
{
    private static readonly Counter Rounds = Metrics.CreateCounter(
        "smgw_reminder_mail_rounds_total", "Rounds of the reminder mailer (each looks at every tenant's reminders).");

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!notices.Value.ReminderMails)
        {
            return;
        }
        using var timer = new PeriodicTimer(reminders.Value.Interval, time);
        do
        {
            try
            {
                await RunOnceAsync(stoppingToken);
                Rounds.Inc();
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "Mailing reminders failed; trying again in {Interval}", reminders.Value.Interval);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    public async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        var all = await collector.CollectAsync(_ => true);
        foreach (var tenant in all.Where(IsForTenant).GroupBy(r => r.TenantId))
        {
            var profile = grains.GetGrain<ITenantProfileGrain>(tenant.Key);
            if ((await profile.GetAsync()).Contacts.Contacts.Count == 0)
            {
                continue; // nobody to tell (CL-15 not filled in yet); the reminder stays in the API and /metrics
            }
            var byKey = tenant.GroupBy(KeyOf).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
            var claimed = await profile.ClaimRemindersAsync(byKey.Keys.ToList(), notices.Value.ReminderPeriod);
            if (claimed.Count == 0)
            {
                continue;
            }
            try
            {
                var items = claimed.Select(k => byKey[k]).ToList();
                var round = time.GetUtcNow().ToUnixTimeSeconds();
                await sender.SendAsync(tenant.Key, NoticeTexts.Reminders(tenant.Key, items), $"reminder|{round}|{string.Join(",", claimed)}", cancellationToken);
            }
            catch
            {
                await profile.ReleaseRemindersAsync(claimed);
                throw;
            }
        }
    }

    /// <summary>What the tenant itself has to do: its certificates, and checklist items it owns.</summary>
    private static bool IsForTenant(Reminder reminder) =>
        reminder.Kind is "certificate-expiring" or "certificate-expired"
        || (reminder.Kind == "checklist-waiting" && reminder.Owner == "TenantAdmin");

    /// <summary>One key per item: a certificate (domain and expiry: a renewed one is a new item), a checklist item.</summary>
    private static string KeyOf(Reminder reminder) => reminder.Kind == "checklist-waiting"
        ? $"checklist|{reminder.Subject.Split(' ')[0]}"
        : $"certificate|{reminder.Subject}|{reminder.Due:O}";
}
