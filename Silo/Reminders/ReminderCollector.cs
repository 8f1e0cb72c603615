using Microsoft.Extensions.Options;
using Smgw.Interfaces;
using Smgw.Interfaces.Keys;
using Smgw.Interfaces.Onboarding;

namespace Smgw.Silo.Reminders;

/// <summary>
/// Collects what is waiting: organisation certificates of tenant domains that expire within
/// <see cref="ReminderOptions.CertificateWarningDays"/> (or have expired), and checklist items not
/// met while a tenant works through the checklist or is being checked (ON-3, ON-4).
/// </summary>
public sealed class ReminderCollector(IGrainFactory grains, IOptions<ReminderOptions> options, TimeProvider time)
{
    public async Task<IReadOnlyList<Reminder>> CollectAsync(Func<string, bool> includeTenant) =>
        await CollectAsync(includeTenant, await OrganisationCertificatesAsync(includeTenant));

    /// <summary>The reminders from certificates already read (one pass over the key store serves metrics and reminders).</summary>
    public async Task<IReadOnlyList<Reminder>> CollectAsync(Func<string, bool> includeTenant, IReadOnlyList<OrganisationCertificate> certificates)
    {
        var now = time.GetUtcNow();
        var reminders = new List<Reminder>();
        foreach (var (tenantId, domain, entry) in certificates.Where(c => includeTenant(c.TenantId)))
        {
            var days = (entry.NotAfter - now).TotalDays;
            if (days <= options.Value.CertificateWarningDays)
            {
                reminders.Add(new Reminder(
                    days < 0 ? "certificate-expired" : "certificate-expiring",
                    tenantId,
                    $"organisation certificate of {domain}",
                    days < 0
                        ? $"{entry.Subject} expired on {entry.NotAfter:yyyy-MM-dd}"
                        : $"{entry.Subject} expires on {entry.NotAfter:yyyy-MM-dd}, in {Math.Floor(days)} day(s)",
                    "TenantAdmin",
                    entry.NotAfter));
            }
        }

        var snapshot = await grains.GetGrain<ITenantRegistryGrain>(ITenantRegistryGrain.DefaultKey).GetSnapshotAsync();
        foreach (var tenant in snapshot.Tenants.Where(t => includeTenant(t.Id)))
        {
            var onboarding = grains.GetGrain<IOnboardingGrain>(tenant.Id);
            if ((await onboarding.GetStatusAsync()).Stage is OnboardingStage.ChecklistInProgress or OnboardingStage.TechnicalCheck)
            {
                foreach (var item in (await onboarding.GetChecklistAsync()).Where(i => !i.Satisfied))
                {
                    reminders.Add(new Reminder(
                        "checklist-waiting", tenant.Id, $"{item.Id} {item.Title}",
                        item.State == ChecklistItemState.Failed ? $"failed: {item.Note}" : item.State.ToString(),
                        item.Owner.ToString(), null));
                }
            }
        }
        return reminders;
    }

    /// <summary>The organisation certificate of every tenant domain (for reminders and /metrics).</summary>
    public async Task<IReadOnlyList<OrganisationCertificate>> OrganisationCertificatesAsync(Func<string, bool> includeTenant)
    {
        var result = new List<OrganisationCertificate>();
        var snapshot = await grains.GetGrain<ITenantRegistryGrain>(ITenantRegistryGrain.DefaultKey).GetSnapshotAsync();
        foreach (var tenant in snapshot.Tenants.Where(t => includeTenant(t.Id)))
        {
            foreach (var domain in tenant.Domains)
            {
                foreach (var entry in (await grains.GetGrain<IKeyStoreGrain>(domain).ListAsync()).Where(e => e.Kind == KeyKind.Organisation))
                {
                    result.Add(new OrganisationCertificate(tenant.Id, domain, entry));
                }
            }
        }
        return result;
    }

    public sealed record OrganisationCertificate(string TenantId, string Domain, KeyEntry Entry);
}
