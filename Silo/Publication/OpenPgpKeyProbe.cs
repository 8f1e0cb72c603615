using Smgw.Crypto.OpenPgp;
using Smgw.Grains.Wkd;
using Smgw.Interfaces.Keys;
using Smgw.Interfaces.Models;

namespace Smgw.Silo.Publication;

/// <summary>
/// CL-18, OpenPGP domain key: for every address of the domain key's self-certified user ids in the
/// domain, the Web Key Directory (advanced method, <c>{base}/.well-known/openpgpkey/{domain}/hu/{hash}</c>)
/// serves a key with the stored key's fingerprint, and the domain's <c>policy</c> file exists. A
/// domain whose tenant holds no OpenPGP domain key has nothing to publish: no finding.
/// </summary>
public sealed class OpenPgpKeyProbe(IGrainFactory grains, IHttpClientFactory http, TimeProvider time) : IPublicationProbe
{
    public string Kind => "OpenPGP domain key";

    public async Task<PublicationFinding?> ProbeAsync(TenantConfig tenant, string domain, Uri publicBaseUrl, CancellationToken cancellationToken)
    {
        var stored = (await grains.GetGrain<IKeyStoreGrain>(domain).ListAsync()).FirstOrDefault(e => e.Kind == KeyKind.OpenPgpSecret && e.OpenPgpKey.Length > 0);
        if (stored is null)
        {
            return null;
        }
        OpenPgpKey key;
        try
        {
            key = OpenPgpKey.Parse(stored.OpenPgpKey)[0];
        }
        catch (OpenPgpException ex)
        {
            return new(false, $"the stored key does not parse ({ex.Message}); import it again (PUT /api/tenants/{tenant.Id}/openpgp-keys/{domain})");
        }
        var addresses = key.Validate(time.GetUtcNow()).UserIds
            .Select(OpenPgpKey.AddressOf).OfType<string>()
            .Where(a => a.EndsWith("@" + domain, StringComparison.OrdinalIgnoreCase))
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToList();
        if (addresses.Count == 0)
        {
            return new(false, $"key {key.Fingerprint} has no self-certified user id in {domain}, so no Web Key Directory lookup can find it: add one such as <poststelle@{domain}>");
        }

        using var client = http.CreateClient(OrganisationCertificateProbe.HttpClientName);
        var policy = new Uri(publicBaseUrl, $".well-known/openpgpkey/{Uri.EscapeDataString(domain)}/policy");
        if (await GetAsync(client, policy, cancellationToken) is { Problem: { } policyProblem })
        {
            return new(false, $"{policy}: {policyProblem}; WKD clients look for it before any key");
        }
        var published = new List<string>();
        foreach (var address in addresses)
        {
            var local = address[..address.LastIndexOf('@')];
            var url = new Uri(publicBaseUrl, $".well-known/openpgpkey/{Uri.EscapeDataString(domain)}/hu/{WkdHash.Of(local)}?l={Uri.EscapeDataString(local)}");
            var (body, problem) = await GetAsync(client, url, cancellationToken);
            if (problem is not null)
            {
                return new(false, $"{url} (for {address}): {problem}");
            }
            IReadOnlyList<OpenPgpKey> served;
            try
            {
                served = OpenPgpKey.Parse(body!);
            }
            catch (OpenPgpException)
            {
                return new(false, $"{url} (for {address}) does not hold an OpenPGP key");
            }
            if (!served.Any(k => k.Fingerprint == key.Fingerprint))
            {
                return new(false, $"{url} (for {address}) serves key {string.Join(", ", served.Select(k => k.Fingerprint))}, not the stored {key.Fingerprint}: a cache or proxy in front of the gateway serves an old copy");
            }
            published.Add($"{url} ({address})");
        }
        return new(true, $"{key.Fingerprint} published in the Web Key Directory at {string.Join(", ", published)}");
    }

    private static async Task<(byte[]? Body, string? Problem)> GetAsync(HttpClient client, Uri url, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await client.GetAsync(url, cancellationToken);
            return response.IsSuccessStatusCode
                ? (await response.Content.ReadAsByteArrayAsync(cancellationToken), null)
                : (null, $"answered {(int)response.StatusCode} {response.ReasonPhrase}: check that the public base URL (Smgw:Checks:PublicBaseUrl) reaches this gateway's /.well-known/openpgpkey/");
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return (null, $"could not be fetched: {ex.Message}");
        }
    }
}
