using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Options;
using Smgw.Crypto.Certificates;
using Smgw.Crypto.Certificates.Revocation;
using Smgw.Interfaces.Keys;
using Smgw.Interfaces.Models;

namespace Smgw.Silo.Checks;

/// <summary>
/// CL-4/5 (trust center chosen, organisation certificate procured): the tenant has trust anchors,
/// and every domain has an organisation certificate that chains to them, may sign e-mail, names
/// the domain, is not revoked (CRL/OCSP, as <see cref="RevocationChecker"/> says), and does not
/// expire within <see cref="Smgw.Silo.Reminders.ReminderOptions.CertificateWarningDays"/>.
/// </summary>
public sealed class OrganisationCertificateCheck(
    IGrainFactory grains, RevocationChecker revocation, IOptions<Smgw.Silo.Reminders.ReminderOptions> reminders, TimeProvider time)
{
    public async Task<TransportCheckResult> RunAsync(TenantConfig tenant)
    {
        var findings = new List<string>();
        var anchorsPem = await grains.GetGrain<ITrustAnchorsGrain>(tenant.Id).GetAsync();
        if (anchorsPem.Count == 0)
        {
            return Result(tenant, false, ["no trust center chosen: the tenant has no trust anchors (PUT /api/tenants/{id}/trust-anchors)"]);
        }
        var anchors = new X509Certificate2Collection();
        foreach (var pem in anchorsPem)
        {
            anchors.Add(X509Certificate2.CreateFromPem(pem));
        }

        var passed = true;
        var validator = new CertificateValidator(time);
        foreach (var domain in tenant.Domains)
        {
            var entry = (await grains.GetGrain<IKeyStoreGrain>(domain).ListAsync()).FirstOrDefault(e => e.Kind == KeyKind.Organisation);
            if (entry is null)
            {
                passed = false;
                findings.Add($"{domain}: no organisation certificate uploaded");
                continue;
            }
            using var certificate = X509Certificate2.CreateFromPem(entry.CertificatePem);
            var problems = new List<string>();
            var validation = validator.Validate(certificate, anchors, CertificatePurpose.EmailSigning);
            problems.AddRange(validation.Findings.Select(f => f.Detail));
            var revoked = await revocation.CheckChainAsync(certificate, anchors);
            problems.AddRange(revoked.Findings.Select(f => f.Detail));
            var notes = revoked.Elements
                .Where(e => e.Status.State == RevocationState.Unknown && revoked.Findings.Count == 0)
                .Select(e => $"revocation status of {e.Subject} unknown ({e.Status.Detail})")
                .ToList();
            if (!NamesDomain(certificate, domain))
            {
                problems.Add($"the certificate does not name {domain} (no e-mail address or DNS name in it)");
            }
            var days = (entry.NotAfter - time.GetUtcNow()).TotalDays;
            if (days < reminders.Value.CertificateWarningDays)
            {
                problems.Add(days < 0 ? $"expired on {entry.NotAfter:yyyy-MM-dd}" : $"expires on {entry.NotAfter:yyyy-MM-dd}, in {Math.Floor(days)} day(s)");
            }
            if (problems.Count > 0)
            {
                passed = false;
                findings.Add($"{domain}: {certificate.Subject}: {string.Join("; ", problems)}");
            }
            else
            {
                var status = revoked.Elements.FirstOrDefault()?.Status is { State: RevocationState.Good } good ? $", not revoked ({good.Source})" : "";
                findings.Add($"{domain}: {certificate.Subject}, issued by {certificate.Issuer}, valid until {entry.NotAfter:yyyy-MM-dd}{status}"
                    + (notes.Count > 0 ? "; " + string.Join("; ", notes) : ""));
            }
        }
        return Result(tenant, passed, findings);
    }

    private static bool NamesDomain(X509Certificate2 certificate, string domain) =>
        CertificateAddresses.Get(certificate).Any(a => a.EndsWith("@" + domain, StringComparison.OrdinalIgnoreCase))
        || (certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().FirstOrDefault() is { } san
            && san.EnumerateDnsNames().Any(n => string.Equals(n, domain, StringComparison.OrdinalIgnoreCase)));

    private static TransportCheckResult Result(TenantConfig tenant, bool passed, IReadOnlyList<string> findings) =>
        new("CL-5", string.Join(", ", tenant.Domains), passed, findings, null, null, null, null, null, null);
}
