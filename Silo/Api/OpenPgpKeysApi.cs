using System.Security.Cryptography;
using Smgw.Crypto.OpenPgp;
using Smgw.Grains.Policy;
using Smgw.Interfaces;
using Smgw.Interfaces.Keys;
using Smgw.Storage.Secrets;
using static Smgw.Silo.Api.ProblemMapping;

namespace Smgw.Silo.Api;

/// <summary>
/// OpenPGP keys (issue B): correspondents' public keys (personal or domain) and the gateway's own
/// keys with their private part (a tenant domain's key, or the personal key of an address of the
/// tenant). A secret key is opened (with its passphrase, if any), re-encoded without passphrase and
/// encrypted under the master key before it is stored; it is never returned or logged.
/// </summary>
public static class OpenPgpKeysApi
{
    public sealed record OpenPgpPublicKeyRequest(string? PublicKey);

    public sealed record OpenPgpSecretKeyRequest(string? SecretKey, string? Passphrase);

    public static RouteGroupBuilder MapOpenPgpKeysApi(this RouteGroupBuilder api)
    {
        api.MapPut("/openpgp-keys/{owner}", (string owner, OpenPgpPublicKeyRequest body, HttpContext http, IGrainFactory grains) => Guard(async () =>
        {
            owner = Owner(owner);
            if (string.IsNullOrWhiteSpace(body.PublicKey))
            {
                return Problem("publicKey: missing (an ASCII-armoured OpenPGP public key)", 400);
            }
            if (body.PublicKey.Contains("PRIVATE KEY", StringComparison.Ordinal))
            {
                return Problem("publicKey: a correspondent's key is public; send it without the secret key", 400);
            }
            var import = new KeyImport
            {
                Kind = KeyKind.OpenPgp,
                OpenPgpKey = body.PublicKey,
                Source = "imported",
                ImportedBy = ApiAccess.PrincipalOf(http).Name,
            };
            return Results.Ok(await KeyScope.ImportTenantAsync(http, grains, owner) is { } scopedTo
                ? await grains.GetGrain<ITenantKeyStoreGrain>(scopedTo).ImportAsync(owner, import)
                : await grains.GetGrain<IKeyStoreGrain>(owner).ImportAsync(import));
        }));

        api.MapGet("/openpgp-keys/{owner}", (string owner, string? tenant, HttpContext http, IGrainFactory grains) =>
            KeyScope.ListAsync(http, grains, Owner(owner), tenant, e => e.Kind is KeyKind.OpenPgp or KeyKind.OpenPgpSecret));

        api.MapPut("/tenants/{tenant}/openpgp-keys/{owner}", (string tenant, string owner, OpenPgpSecretKeyRequest body, HttpContext http, IGrainFactory grains, SecretProtector secrets) => Guard(async () =>
        {
            if (Access.RequireTenant(http, tenant) is { } refused)
            {
                return refused;
            }
            owner = Owner(owner);
            var config = await grains.GetGrain<ITenantGrain>(tenant).GetAsync();
            if (config is null)
            {
                return Problem($"tenant '{tenant}' does not exist", 404);
            }
            var domain = owner[(owner.LastIndexOf('@') + 1)..];
            if (!config.Domains.Contains(domain, StringComparer.OrdinalIgnoreCase))
            {
                return Problem($"owner: {owner} is not in a domain of tenant {tenant} ({string.Join(", ", config.Domains)})", 400);
            }
            if (string.IsNullOrWhiteSpace(body.SecretKey))
            {
                return Problem("secretKey: missing (gpg --armor --export-secret-keys)", 400);
            }
            OpenPgpSecretKey key;
            try
            {
                key = OpenPgpSecretKey.Parse(body.SecretKey, body.Passphrase);
            }
            catch (OpenPgpException ex)
            {
                return Problem($"secretKey: {ex.Message}", 400);
            }
            var validation = key.Public.Validate(DateTimeOffset.UtcNow, owner);
            if (validation.Problem != OpenPgpKeyProblem.None)
            {
                return Problem($"secretKey: the key cannot serve {owner}: {validation.Problem} {validation.Detail}", 400);
            }
            var unprotected = key.ExportUnprotected();
            try
            {
                return Results.Ok(await grains.GetGrain<IKeyStoreGrain>(owner).ImportAsync(new KeyImport
                {
                    Kind = KeyKind.OpenPgpSecret,
                    OpenPgpKey = key.Public.ToArmored(),
                    ProtectedPrivateKey = secrets.Protect(unprotected, ResolvedKeys.OpenPgpPrivateKeyPurpose),
                    Source = "imported",
                    ImportedBy = ApiAccess.PrincipalOf(http).Name,
                }));
            }
            finally
            {
                CryptographicOperations.ZeroMemory(unprotected);
            }
        }));

        return api;
    }

    private static string Owner(string owner)
    {
        owner = owner.Trim().ToLowerInvariant();
        return owner.Length == 0 || owner.StartsWith('@') || owner.EndsWith('@')
            ? throw new ArgumentException("owner: an address (local@domain) or a domain")
            : owner;
    }

    private static IResult Problem(string detail, int status) =>
        Results.Problem(title: status == 404 ? "Not found" : "Invalid input", detail: detail, statusCode: status);
}
