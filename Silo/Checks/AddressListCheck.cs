using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Options;
using Smgw.Crypto.Certificates;
using Smgw.Interfaces;
using Smgw.Interfaces.Keys;
using Smgw.Interfaces.Mailboxes;
using Smgw.Interfaces.Models;

namespace Smgw.Silo.Checks;

/// <summary>
/// CL-9 (all users through the gateway, or the listed addresses, tables 5 and 6): every listed
/// address and every mailbox of the tenant is in one of its domains; with routing mode
/// ListedAddresses, addresses are listed and every mailbox is among them; every mailbox marked as
/// having a personal certificate has one stored (preferably one the gateway holds with its key,
/// which must then also be usable for signing) that chains to the tenant's trust anchors, names the
/// address, may be encrypted to, and does not expire within
/// <see cref="Smgw.Silo.Reminders.ReminderOptions.CertificateWarningDays"/>. Reasons name each address.
/// </summary>
public sealed class AddressListCheck(IGrainFactory grains, IOptions<Smgw.Silo.Reminders.ReminderOptions> reminders, TimeProvider time)
{
    public async Task<TransportCheckResult> RunAsync(TenantConfig tenant)
    {
        var problems = new List<string>();
        var listed = tenant.ListedAddresses.Select(a => a.Trim().ToLowerInvariant()).ToHashSet(StringComparer.Ordinal);
        if (tenant.RoutingMode == RoutingMode.ListedAddresses && listed.Count == 0)
        {
            problems.Add("routing mode ListedAddresses, but no addresses are listed (listedAddresses)");
        }
        foreach (var address in listed.Order(StringComparer.Ordinal).Where(a => !InDomains(a, tenant)))
        {
            problems.Add($"{address}: listed, but not in a domain of the tenant ({string.Join(", ", tenant.Domains)})");
        }

        var mailboxes = new List<MailboxConfig>();
        foreach (var activity in await grains.GetGrain<ITenantMailboxesGrain>(tenant.Id).ListAsync())
        {
            if (await grains.GetGrain<IMailboxGrain>(activity.Address).GetAsync() is { } mailbox && mailbox.TenantId == tenant.Id)
            {
                mailboxes.Add(mailbox);
            }
        }
        foreach (var mailbox in mailboxes)
        {
            if (!InDomains(mailbox.Address, tenant))
            {
                problems.Add($"{mailbox.Address}: a mailbox of the tenant, but not in one of its domains ({string.Join(", ", tenant.Domains)})");
            }
            else if (tenant.RoutingMode == RoutingMode.ListedAddresses && !listed.Contains(mailbox.Address))
            {
                problems.Add($"{mailbox.Address}: a mailbox of the tenant, but not in listedAddresses: its mail does not go through the gateway");
            }
        }

        var personal = mailboxes.Where(m => m.HasPersonalCertificate).ToList();
        var certificatesValid = 0;
        if (personal.Count > 0)
        {
            var anchorsPem = await grains.GetGrain<ITrustAnchorsGrain>(tenant.Id).GetAsync();
            var anchors = new X509Certificate2Collection();
            try
            {
                foreach (var pem in anchorsPem)
                {
                    anchors.Add(X509Certificate2.CreateFromPem(pem));
                }
                foreach (var mailbox in personal)
                {
                    if (await PersonalCertificateProblemAsync(mailbox.Address, anchors) is { } problem)
                    {
                        problems.Add(problem);
                    }
                    else
                    {
                        certificatesValid++;
                    }
                }
            }
            finally
            {
                foreach (var anchor in anchors)
                {
                    anchor.Dispose();
                }
            }
        }

        var summary = tenant.RoutingMode == RoutingMode.AllUsers
            ? $"all users of {string.Join(", ", tenant.Domains)} go through the gateway; {listed.Count} listed address(es), {mailboxes.Count} mailbox(es), {certificatesValid} of {personal.Count} personal certificate(s) valid"
            : $"only listed addresses go through the gateway: {listed.Count} listed, {mailboxes.Count} mailbox(es), {certificatesValid} of {personal.Count} personal certificate(s) valid";
        return new TransportCheckResult("CL-9", string.Join(", ", tenant.Domains), problems.Count == 0, [.. problems, summary], null, null, null, null, null, null);
    }

    private async Task<string?> PersonalCertificateProblemAsync(string address, X509Certificate2Collection anchors)
    {
        // The one the gateway holds with its key (signs and decrypts for the address) before a public one.
        var entries = await grains.GetGrain<IKeyStoreGrain>(address).ListAsync();
        var entry = entries.FirstOrDefault(e => e.Kind == KeyKind.Personal) ?? entries.FirstOrDefault(e => e.Kind == KeyKind.Certificate);
        if (entry is null)
        {
            return $"{address}: marked as having a personal certificate, but none is stored on the gateway (PUT /api/tenants/{{id}}/personal-certificates/{address} with its key, or PUT /api/certificates/{address})";
        }
        if (anchors.Count == 0)
        {
            return $"{address}: its personal certificate cannot be checked: the tenant has no trust anchors (PUT /api/tenants/{{id}}/trust-anchors)";
        }
        using var certificate = X509Certificate2.CreateFromPem(entry.CertificatePem);
        var validator = new CertificateValidator(time);
        var reasons = validator.Validate(certificate, anchors, CertificatePurpose.EmailEncryption, address)
            .Findings.Select(f => f.Detail).ToList();
        if (entry.Kind == KeyKind.Personal)
        {
            reasons.AddRange(validator.Validate(certificate, anchors, CertificatePurpose.EmailSigning, address).Findings
                .Select(f => f.Detail).Where(d => !reasons.Contains(d)));
        }
        var days = (entry.NotAfter - time.GetUtcNow()).TotalDays;
        if (days >= 0 && days < reminders.Value.CertificateWarningDays)
        {
            reasons.Add($"expires on {entry.NotAfter:yyyy-MM-dd}, in {Math.Floor(days)} day(s)");
        }
        return reasons.Count == 0 ? null : $"{address}: personal certificate {certificate.Subject}: {string.Join("; ", reasons)}";
    }

    private static bool InDomains(string address, TenantConfig tenant)
    {
        var at = address.LastIndexOf('@');
        return at > 0 && tenant.Domains.Contains(address[(at + 1)..], StringComparer.OrdinalIgnoreCase);
    }
}
