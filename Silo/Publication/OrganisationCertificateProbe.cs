using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Smgw.Interfaces.Keys;
using Smgw.Interfaces.Models;

namespace Smgw.Silo.Publication;

/// <summary>CL-18, organisation certificate: <c>{base}/certs/{domain}.pem</c> can be fetched and is the stored certificate.</summary>
public sealed class OrganisationCertificateProbe(IGrainFactory grains, IHttpClientFactory http) : IPublicationProbe
{
    public const string HttpClientName = "publication-probe";

    public string Kind => "organisation certificate";

    public async Task<PublicationFinding?> ProbeAsync(TenantConfig tenant, string domain, Uri publicBaseUrl, CancellationToken cancellationToken)
    {
        var stored = (await grains.GetGrain<IKeyStoreGrain>(domain).ListAsync()).FirstOrDefault(e => e.Kind == KeyKind.Organisation);
        if (stored is null)
        {
            return new(false, $"no organisation certificate uploaded, so none is published (PUT /api/tenants/{tenant.Id}/organisation-certificates/{domain})");
        }
        var url = new Uri(publicBaseUrl, $"certs/{Uri.EscapeDataString(domain)}.pem");
        string body;
        try
        {
            using var client = http.CreateClient(HttpClientName);
            using var response = await client.GetAsync(url, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                return new(false, $"{url} answered {(int)response.StatusCode} {response.ReasonPhrase}: check that the public base URL (Smgw:Checks:PublicBaseUrl) reaches this gateway's /certs/");
            }
            body = await response.Content.ReadAsStringAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return new(false, $"{url} could not be fetched: {ex.Message}");
        }

        X509Certificate2 published;
        try
        {
            published = X509Certificate2.CreateFromPem(body);
        }
        catch (CryptographicException)
        {
            return new(false, $"{url} does not hold a PEM certificate");
        }
        using (published)
        using (var expected = X509Certificate2.CreateFromPem(stored.CertificatePem))
        {
            return published.RawDataMemory.Span.SequenceEqual(expected.RawDataMemory.Span)
                ? new(true, $"published at {url} and identical to the stored one ({expected.Subject}, valid until {stored.NotAfter:yyyy-MM-dd})")
                : new(false, $"{url} serves another certificate ({published.Subject}, SHA-256 {published.GetCertHashString(HashAlgorithmName.SHA256)}) than the stored one "
                    + $"({expected.Subject}, SHA-256 {expected.GetCertHashString(HashAlgorithmName.SHA256)}): a cache or proxy in front of the gateway serves an old copy");
        }
    }
}
