using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Options;
using Smgw.Crypto.Certificates;
using Smgw.Interfaces.Keys;
using Smgw.Interfaces.Models;
using Smgw.Interfaces.Net;

namespace Smgw.Silo.Checks;

/// <summary>
/// CL-6/7 (trust center chosen, TLS server certificate procured): the tenant has trust anchors;
/// its uploaded TLS server certificate chains to them, allows a TLS server (key usage, serverAuth
/// EKU, key strength), names the tenant's mail server host or every tenant domain, and does not
/// expire within <see cref="Smgw.Silo.Reminders.ReminderOptions.CertificateWarningDays"/>; and the
/// tenant's mail server presents that certificate after STARTTLS (the CL-2 probe), when it answers.
/// </summary>
public sealed class TlsCertificateCheck(
    IGrainFactory grains,
    TransportSecurityCheck probe,
    IOptions<Smgw.Silo.Reminders.ReminderOptions> reminders,
    IOptions<Smgw.Grains.Delivery.DeliveryOptions> delivery,
    TimeProvider time)
{
    public const string NoTrustAnchors = "no trust center chosen: the tenant has no trust anchors (PUT /api/tenants/{id}/trust-anchors)";

    public async Task<TransportCheckResult> RunAsync(TenantConfig tenant, CancellationToken cancellationToken)
    {
        var anchorsPem = await grains.GetGrain<ITrustAnchorsGrain>(tenant.Id).GetAsync();
        var record = await grains.GetGrain<ITlsCertificateGrain>(tenant.Id).GetAsync();
        var findings = new List<string>();
        if (anchorsPem.Count == 0)
        {
            findings.Add(NoTrustAnchors);
        }
        if (record is null)
        {
            findings.Add("no TLS server certificate uploaded (PUT /api/tenants/{id}/tls-certificate with the certificate and its chain, PEM)");
        }
        if (findings.Count > 0)
        {
            return Result(tenant, false, findings);
        }

        var anchors = new X509Certificate2Collection();
        var intermediates = new X509Certificate2Collection();
        using var certificate = X509Certificate2.CreateFromPem(record!.CertificatePem);
        try
        {
            foreach (var pem in anchorsPem)
            {
                anchors.Add(X509Certificate2.CreateFromPem(pem));
            }
            foreach (var pem in record.ChainPem)
            {
                intermediates.Add(X509Certificate2.CreateFromPem(pem));
            }

            var problems = new List<string>();
            var validation = new CertificateValidator(time).Validate(certificate, anchors, CertificatePurpose.TlsServer, intermediates: intermediates);
            problems.AddRange(validation.Findings.Select(f => f.Detail));

            var host = HostPort.TryParse(tenant.InternalServer, 25, out var server) ? server.Value.Host : null;
            var covered = Covers(certificate, host, tenant.Domains);
            if (covered is null)
            {
                var names = record.Names.Count == 0 ? "no DNS name" : string.Join(", ", record.Names);
                problems.Add($"the certificate names {names}, but neither the mail server {host ?? "(none configured)"} nor every tenant domain ({string.Join(", ", tenant.Domains)})");
            }
            var days = (record.NotAfter - time.GetUtcNow()).TotalDays;
            if (days < reminders.Value.CertificateWarningDays)
            {
                problems.Add(days < 0 ? $"expired on {record.NotAfter:yyyy-MM-dd}" : $"expires on {record.NotAfter:yyyy-MM-dd}, in {Math.Floor(days)} day(s)");
            }

            var passed = problems.Count == 0;
            findings.Add(passed
                ? $"{certificate.Subject}, issued by {certificate.Issuer}, names {covered}, valid until {record.NotAfter:yyyy-MM-dd}"
                : $"{certificate.Subject}: {string.Join("; ", problems)}");

            // What the server really presents (the CL-2 probe): another certificate there is a failure; no answer is only reported.
            var (transport, presented) = await probe.ProbeAsync(tenant.InternalServer, delivery.Value.Hostname, cancellationToken);
            using (presented)
            {
                if (presented is null)
                {
                    findings.Add($"could not compare with the certificate the mail server presents: {transport.Findings.FirstOrDefault()}");
                }
                else if (!presented.RawDataMemory.Span.SequenceEqual(certificate.RawDataMemory.Span))
                {
                    passed = false;
                    findings.Insert(0, $"the mail server {transport.Server} presents another certificate ({presented.Subject}, SHA-256 {presented.GetCertHashString(HashAlgorithmName.SHA256)}) "
                        + $"than the one uploaded (SHA-256 {record.Thumbprint}): install the uploaded certificate on the server or upload the one it uses");
                }
                else
                {
                    findings.Add($"the mail server {transport.Server} presents the uploaded certificate ({transport.TlsProtocol})");
                }
            }
            return Result(tenant, passed, findings);
        }
        finally
        {
            foreach (var c in anchors.Concat(intermediates))
            {
                c.Dispose();
            }
        }
    }

    /// <summary>What the certificate covers: the mail server's host name (or address), or else all tenant domains; null when neither.</summary>
    private static string? Covers(X509Certificate2 certificate, string? host, IReadOnlyList<string> domains)
    {
        var san = certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().FirstOrDefault();
        var dnsNames = san?.EnumerateDnsNames().ToList() ?? [];
        if (host is not null)
        {
            if (IPAddress.TryParse(host, out var address))
            {
                if (san?.EnumerateIPAddresses().Contains(address) == true)
                {
                    return $"the mail server address {host}";
                }
            }
            else if (dnsNames.Any(n => Matches(n, host)))
            {
                return $"the mail server {host}";
            }
        }
        return domains.Count > 0 && domains.All(d => dnsNames.Any(n => Matches(n, d)))
            ? $"the tenant domains {string.Join(", ", domains)}"
            : null;
    }

    /// <summary>RFC 6125: exact (case-insensitive), or a wildcard in the left-most label only, standing for exactly one label.</summary>
    private static bool Matches(string pattern, string name)
    {
        if (string.Equals(pattern, name, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }
        if (!pattern.StartsWith("*.", StringComparison.Ordinal))
        {
            return false;
        }
        var dot = name.IndexOf('.');
        return dot > 0 && string.Equals(pattern[1..], name[dot..], StringComparison.OrdinalIgnoreCase);
    }

    private static TransportCheckResult Result(TenantConfig tenant, bool passed, IReadOnlyList<string> findings) =>
        new("CL-7", tenant.InternalServer.Length > 0 ? tenant.InternalServer : string.Join(", ", tenant.Domains), passed, findings, null, null, null, null, null, null);
}
