using Smgw.Crypto.OpenPgp;
using Smgw.Grains.Wkd;
using Smgw.Interfaces;
using Smgw.Interfaces.Keys;
using Smgw.Interfaces.Models;

namespace Smgw.Silo.Wkd;

/// <summary>
/// Web Key Directory publishing (issue 4, CL-18): the public OpenPGP keys the gateway holds for
/// its tenants' domains — the domain keys and the personal keys of listed addresses, never a
/// correspondent's key and never secret material — at the advanced
/// (<c>/.well-known/openpgpkey/{domain}/hu/{hash}</c>) and the direct
/// (<c>/.well-known/openpgpkey/hu/{hash}</c>, domain from the Host header) paths, with the
/// <c>policy</c> files. Unauthenticated and read-only. A key is served under the hash of each of
/// its self-certified user ids in that domain. WKD clients need HTTPS: put the gateway's HTTP
/// listener behind TLS as openpgpkey.{domain} (advanced) or {domain} (direct).
/// </summary>
public static class WkdPublishing
{
    public static WebApplication MapWkdPublishing(this WebApplication app)
    {
        var wkd = app.MapGroup("/.well-known/openpgpkey");
        wkd.MapGet("/{domain}/hu/{hash}", (string domain, string hash, IGrainFactory grains, HttpContext http) => ServeAsync(domain, hash, grains, http));
        wkd.MapGet("/hu/{hash}", (string hash, IGrainFactory grains, HttpContext http) => ServeAsync(http.Request.Host.Host, hash, grains, http));
        wkd.MapGet("/{domain}/policy", (string domain, IGrainFactory grains, HttpContext http) => PolicyAsync(domain, grains, http));
        wkd.MapGet("/policy", (IGrainFactory grains, HttpContext http) => PolicyAsync(http.Request.Host.Host, grains, http));
        return app;
    }

    private static async Task<IResult> ServeAsync(string domain, string hash, IGrainFactory grains, HttpContext http)
    {
        domain = domain.Trim().ToLowerInvariant();
        http.Response.Headers.AccessControlAllowOrigin = "*";
        if (hash.Length != 32 || await TenantOfAsync(domain, grains) is not { } tenant)
        {
            return Results.NotFound();
        }
        using var body = new MemoryStream();
        foreach (var key in await PublishedKeysAsync(domain, tenant, grains))
        {
            var now = DateTimeOffset.UtcNow;
            var userIds = key.Validate(now).UserIds;
            if (userIds.Select(OpenPgpKey.AddressOf).OfType<string>().Any(a => a.EndsWith("@" + domain, StringComparison.OrdinalIgnoreCase) && WkdHash.Of(a[..a.LastIndexOf('@')]) == hash))
            {
                var binary = key.ToBinary();
                body.Write(binary, 0, binary.Length);
            }
        }
        return body.Length == 0 ? Results.NotFound() : Results.Bytes(body.ToArray(), "application/octet-stream");
    }

    private static async Task<IResult> PolicyAsync(string domain, IGrainFactory grains, HttpContext http)
    {
        domain = domain.Trim().ToLowerInvariant();
        http.Response.Headers.AccessControlAllowOrigin = "*";
        return await TenantOfAsync(domain, grains) is { } tenant && (await PublishedKeysAsync(domain, tenant, grains)).Count > 0
            ? Results.Text("", "text/plain")
            : Results.NotFound();
    }

    private static async Task<TenantConfig?> TenantOfAsync(string domain, IGrainFactory grains)
    {
        if (domain.Length == 0 || domain.Contains('/'))
        {
            return null;
        }
        var owner = await grains.GetGrain<IDomainGrain>(domain).GetOwnerAsync();
        return owner is null ? null : await grains.GetGrain<ITenantGrain>(owner).GetAsync();
    }

    /// <summary>The gateway's own keys for the domain: its domain key and the personal keys of the tenant's listed addresses in it.</summary>
    private static async Task<IReadOnlyList<OpenPgpKey>> PublishedKeysAsync(string domain, TenantConfig tenant, IGrainFactory grains)
    {
        var owners = tenant.ListedAddresses
            .Select(a => a.Trim().ToLowerInvariant())
            .Where(a => a.EndsWith("@" + domain, StringComparison.Ordinal))
            .Prepend(domain)
            .Distinct();
        var keys = new List<OpenPgpKey>();
        foreach (var entries in await Task.WhenAll(owners.Select(o => grains.GetGrain<IKeyStoreGrain>(o).ListAsync())))
        {
            foreach (var entry in entries.Where(e => e.Kind == KeyKind.OpenPgpSecret && e.OpenPgpKey.Length > 0))
            {
                try
                {
                    keys.AddRange(OpenPgpKey.Parse(entry.OpenPgpKey));
                }
                catch (OpenPgpException)
                {
                    // a stored key that no longer parses is not published
                }
            }
        }
        return keys;
    }
}
