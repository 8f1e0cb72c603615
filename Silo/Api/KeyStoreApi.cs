using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Smgw.Grains.Policy;
using Smgw.Interfaces;
using Smgw.Interfaces.Keys;
using Smgw.Storage.Secrets;
using static Smgw.Silo.Api.ProblemMapping;

namespace Smgw.Silo.Api;

/// <summary>
/// Certificates and trust anchors (issue B). A tenant's organisation certificate comes with its
/// private key (PEM or PKCS #12), which is encrypted under the master key before it is stored and
/// is never returned or logged; so does the personal certificate of an address of a tenant. Correspondents'
/// certificates are public; trust anchors are per tenant.
/// </summary>
public static class KeyStoreApi
{
    /// <summary>Either <see cref="CertificatePem"/> and <see cref="PrivateKeyPem"/>, or <see cref="Pkcs12Base64"/> (with <see cref="Pkcs12Password"/>).</summary>
    public sealed record OrganisationCertificateRequest(string? CertificatePem, string? PrivateKeyPem, string? Pkcs12Base64, string? Pkcs12Password);

    public sealed record CertificateRequest(string? CertificatePem);

    public sealed record TrustAnchorsRequest(IReadOnlyList<string>? Certificates);

    public static RouteGroupBuilder MapKeyStoreApi(this RouteGroupBuilder api)
    {
        api.MapPut("/tenants/{tenant}/organisation-certificates/{domain}", (string tenant, string domain, OrganisationCertificateRequest body, HttpContext http, IGrainFactory grains, SecretProtector secrets) => Guard(async () =>
        {
            if (Access.RequireTenant(http, tenant) is { } refused)
            {
                return refused;
            }
            domain = domain.Trim().ToLowerInvariant();
            var config = await grains.GetGrain<ITenantGrain>(tenant).GetAsync();
            if (config is null)
            {
                return Problem($"tenant '{tenant}' does not exist", 404);
            }
            if (!config.Domains.Contains(domain, StringComparer.OrdinalIgnoreCase))
            {
                return Problem($"domain: {domain} is not a domain of tenant {tenant} ({string.Join(", ", config.Domains)})", 400);
            }
            using var certificate = LoadWithKey(body);
            var pkcs8 = ExportPkcs8(certificate);
            try
            {
                var entry = await grains.GetGrain<IKeyStoreGrain>(domain).ImportAsync(new KeyImport
                {
                    Kind = KeyKind.Organisation,
                    CertificatePem = certificate.ExportCertificatePem(),
                    ProtectedPrivateKey = secrets.Protect(pkcs8, ResolvedKeys.PrivateKeyPurpose),
                    Source = "imported",
                    ImportedBy = ApiAccess.PrincipalOf(http).Name,
                });
                return Results.Ok(entry);
            }
            finally
            {
                CryptographicOperations.ZeroMemory(pkcs8);
            }
        }));

        api.MapPut("/tenants/{tenant}/personal-certificates/{address}", (string tenant, string address, OrganisationCertificateRequest body, HttpContext http, IGrainFactory grains, SecretProtector secrets) => Guard(async () =>
        {
            if (Access.RequireTenant(http, tenant) is { } refused)
            {
                return refused;
            }
            address = address.Trim().ToLowerInvariant();
            var at = address.LastIndexOf('@');
            if (at <= 0 || at == address.Length - 1)
            {
                return Problem("address: an address (local@domain) of the tenant", 400);
            }
            var config = await grains.GetGrain<ITenantGrain>(tenant).GetAsync();
            if (config is null)
            {
                return Problem($"tenant '{tenant}' does not exist", 404);
            }
            if (!config.Domains.Contains(address[(at + 1)..], StringComparer.OrdinalIgnoreCase))
            {
                return Problem($"address: {address} is not in a domain of tenant {tenant} ({string.Join(", ", config.Domains)})", 400);
            }
            using var certificate = LoadWithKey(body);
            if (!Smgw.Crypto.Certificates.CertificateAddresses.Get(certificate).Contains(address, StringComparer.OrdinalIgnoreCase))
            {
                return Problem($"certificatePem: the certificate does not name {address} (it names {string.Join(", ", Smgw.Crypto.Certificates.CertificateAddresses.Get(certificate).DefaultIfEmpty("no address"))})", 400);
            }
            var pkcs8 = ExportPkcs8(certificate);
            try
            {
                return Results.Ok(await grains.GetGrain<IKeyStoreGrain>(address).ImportAsync(new KeyImport
                {
                    Kind = KeyKind.Personal,
                    CertificatePem = certificate.ExportCertificatePem(),
                    ProtectedPrivateKey = secrets.Protect(pkcs8, ResolvedKeys.PrivateKeyPurpose),
                    Source = "imported",
                    ImportedBy = ApiAccess.PrincipalOf(http).Name,
                }));
            }
            finally
            {
                CryptographicOperations.ZeroMemory(pkcs8);
            }
        }));

        api.MapDelete("/tenants/{tenant}/personal-certificates/{address}", (string tenant, string address, HttpContext http, IGrainFactory grains) => Guard(async () =>
        {
            if (Access.RequireTenant(http, tenant) is { } refused)
            {
                return refused;
            }
            address = address.Trim().ToLowerInvariant();
            var config = await grains.GetGrain<ITenantGrain>(tenant).GetAsync();
            if (config is null)
            {
                return Problem($"tenant '{tenant}' does not exist", 404);
            }
            if (!config.Domains.Contains(address[(address.LastIndexOf('@') + 1)..], StringComparer.OrdinalIgnoreCase))
            {
                return Problem($"address: {address} is not in a domain of tenant {tenant} ({string.Join(", ", config.Domains)})", 400);
            }
            await grains.GetGrain<IKeyStoreGrain>(address).RemoveAsync(KeyKind.Personal);
            return Results.NoContent();
        }));

        api.MapPut("/certificates/{owner}", (string owner, CertificateRequest body, HttpContext http, IGrainFactory grains) => Guard(async () =>
        {
            owner = owner.Trim().ToLowerInvariant();
            if (owner.Length == 0 || owner.StartsWith('@') || owner.EndsWith('@'))
            {
                return Problem("owner: an address (local@domain) or a domain", 400);
            }
            using var certificate = LoadPublic(body.CertificatePem, "certificatePem");
            if (certificate.HasPrivateKey)
            {
                return Problem("certificatePem: a correspondent's certificate is public; send it without a private key", 400);
            }
            var import = new KeyImport
            {
                Kind = KeyKind.Certificate,
                CertificatePem = certificate.ExportCertificatePem(),
                Source = "imported",
                ImportedBy = ApiAccess.PrincipalOf(http).Name,
            };
            return Results.Ok(await KeyScope.ImportTenantAsync(http, grains, owner) is { } scopedTo
                ? await grains.GetGrain<ITenantKeyStoreGrain>(scopedTo).ImportAsync(owner, import)
                : await grains.GetGrain<IKeyStoreGrain>(owner).ImportAsync(import));
        }));

        api.MapGet("/certificates/{owner}", (string owner, string? tenant, HttpContext http, IGrainFactory grains) =>
            KeyScope.ListAsync(http, grains, owner.Trim().ToLowerInvariant(), tenant, _ => true));

        api.MapPut("/tenants/{tenant}/trust-anchors", (string tenant, TrustAnchorsRequest body, HttpContext http, IGrainFactory grains) => Guard(async () =>
            Access.RequireTenant(http, tenant)
            ?? Results.Ok(new { certificates = await grains.GetGrain<ITrustAnchorsGrain>(tenant).SetAsync(body.Certificates ?? []) })));

        api.MapGet("/tenants/{tenant}/trust-anchors", async (string tenant, HttpContext http, IGrainFactory grains) =>
            Access.RequireTenant(http, tenant)
            ?? Results.Ok(new { certificates = await grains.GetGrain<ITrustAnchorsGrain>(tenant).GetAsync() }));

        return api;
    }

    private static X509Certificate2 LoadWithKey(OrganisationCertificateRequest body)
    {
        if (!string.IsNullOrWhiteSpace(body.Pkcs12Base64))
        {
            byte[] pkcs12;
            try
            {
                pkcs12 = Convert.FromBase64String(body.Pkcs12Base64);
            }
            catch (FormatException)
            {
                throw new ArgumentException("pkcs12Base64: not base64");
            }
            X509Certificate2 loaded;
            try
            {
                loaded = X509CertificateLoader.LoadPkcs12(pkcs12, body.Pkcs12Password, X509KeyStorageFlags.Exportable);
            }
            catch (CryptographicException ex)
            {
                throw new ArgumentException($"pkcs12Base64: not a PKCS #12 file this password opens ({ex.Message})");
            }
            if (!loaded.HasPrivateKey)
            {
                loaded.Dispose();
                throw new ArgumentException("pkcs12Base64: the PKCS #12 file holds no private key for its certificate");
            }
            return loaded;
        }
        if (string.IsNullOrWhiteSpace(body.CertificatePem))
        {
            throw new ArgumentException("certificatePem: give the certificate and privateKeyPem, or pkcs12Base64");
        }
        if (string.IsNullOrWhiteSpace(body.PrivateKeyPem))
        {
            throw new ArgumentException("privateKeyPem: the gateway needs the certificate's private key (PKCS #8 PEM)");
        }
        using (LoadPublic(body.CertificatePem, "certificatePem"))
        {
        }
        try
        {
            return X509Certificate2.CreateFromPem(body.CertificatePem, body.PrivateKeyPem);
        }
        catch (CryptographicException ex)
        {
            throw new ArgumentException($"privateKeyPem: not a private key for this certificate ({ex.Message})");
        }
        catch (ArgumentException ex)
        {
            throw new ArgumentException($"privateKeyPem: not a private key for this certificate ({ex.Message})");
        }
    }

    private static X509Certificate2 LoadPublic(string? pem, string field)
    {
        if (string.IsNullOrWhiteSpace(pem))
        {
            throw new ArgumentException($"{field}: missing");
        }
        try
        {
            return X509Certificate2.CreateFromPem(pem);
        }
        catch (CryptographicException ex)
        {
            throw new ArgumentException($"{field}: not a PEM certificate ({ex.Message})");
        }
    }

    private static byte[] ExportPkcs8(X509Certificate2 certificate)
    {
        using var rsa = certificate.GetRSAPrivateKey();
        if (rsa is not null)
        {
            return ReExport(rsa);
        }
        using var ec = certificate.GetECDsaPrivateKey();
        return ec is not null ? ReExport(ec) : throw new ArgumentException("privateKeyPem: only RSA and ECDSA keys are supported");
    }

    /// <summary>Keys from PKCS #12 may only allow encrypted export; go through an encrypted PKCS #8 with a one-time password.</summary>
    private static byte[] ReExport(AsymmetricAlgorithm key)
    {
        var password = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
        var parameters = new PbeParameters(PbeEncryptionAlgorithm.Aes256Cbc, HashAlgorithmName.SHA256, 1);
        var encrypted = key.ExportEncryptedPkcs8PrivateKey(password, parameters);
        using AsymmetricAlgorithm copy = key is RSA ? RSA.Create() : ECDsa.Create();
        copy.ImportEncryptedPkcs8PrivateKey(password, encrypted, out _);
        return copy.ExportPkcs8PrivateKey();
    }

    private static IResult Problem(string detail, int status) =>
        Results.Problem(title: status == 404 ? "Not found" : "Invalid input", detail: detail, statusCode: status);
}
