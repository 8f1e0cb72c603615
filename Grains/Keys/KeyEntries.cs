using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Smgw.Crypto.OpenPgp;
using Smgw.Interfaces.Keys;

namespace Smgw.Grains.Keys;

/// <summary>
/// Turns a <see cref="KeyImport"/> into the stored <see cref="KeyEntry"/>: parses and checks the
/// certificate or OpenPGP key for its kind. Shared by the gateway-wide key store and the
/// tenant-scoped one; bad input is an <see cref="ArgumentException"/> naming the field.
/// </summary>
public static class KeyEntries
{
    public static KeyEntry Create(string owner, KeyImport import, DateTimeOffset now, string tenantId = "")
    {
        ArgumentNullException.ThrowIfNull(import);
        return import.Kind is KeyKind.OpenPgp or KeyKind.OpenPgpSecret
            ? CreateOpenPgp(owner, import, now, tenantId)
            : CreateCertificate(owner, import, now, tenantId);
    }

    private static KeyEntry CreateCertificate(string owner, KeyImport import, DateTimeOffset now, string tenantId)
    {
        X509Certificate2 certificate;
        try
        {
            certificate = X509Certificate2.CreateFromPem(import.CertificatePem);
        }
        catch (CryptographicException ex)
        {
            throw new ArgumentException($"certificate: not a PEM certificate ({ex.Message})", ex);
        }
        using (certificate)
        {
            if (import.Kind == KeyKind.Organisation && import.ProtectedPrivateKey is null)
            {
                throw new ArgumentException("privateKey: an organisation certificate needs its private key");
            }
            if (import.Kind == KeyKind.Personal && (import.ProtectedPrivateKey is null || !owner.Contains('@')))
            {
                throw new ArgumentException("privateKey: a personal certificate belongs to an address and needs its private key");
            }
            if (import.Kind == KeyKind.Certificate && import.ProtectedPrivateKey is not null)
            {
                throw new ArgumentException("privateKey: a correspondent's certificate is stored without a private key");
            }
            return new KeyEntry
            {
                Owner = owner,
                Kind = import.Kind,
                CertificatePem = certificate.ExportCertificatePem(),
                Subject = certificate.Subject,
                Thumbprint = certificate.Thumbprint,
                NotAfter = certificate.NotAfter.ToUniversalTime(),
                HasPrivateKey = import.ProtectedPrivateKey is not null,
                Source = import.Source,
                ImportedUtc = now,
                ImportedBy = import.ImportedBy,
                TenantId = tenantId,
            };
        }
    }

    private static KeyEntry CreateOpenPgp(string owner, KeyImport import, DateTimeOffset now, string tenantId)
    {
        var key = ParseOpenPgp(import.OpenPgpKey);
        if (import.Kind == KeyKind.OpenPgpSecret && import.ProtectedPrivateKey is null)
        {
            throw new ArgumentException("secretKey: the gateway's own OpenPGP key needs its private part");
        }
        if (import.Kind == KeyKind.OpenPgp && import.ProtectedPrivateKey is not null)
        {
            throw new ArgumentException("publicKey: a correspondent's OpenPGP key is stored without a private part");
        }
        var validation = key.Validate(now, owner);
        return new KeyEntry
        {
            Owner = owner,
            Kind = import.Kind,
            Subject = validation.UserIds.FirstOrDefault() ?? key.AllUserIds.FirstOrDefault() ?? "",
            Thumbprint = key.Fingerprint,
            NotAfter = validation.Expires ?? DateTimeOffset.MaxValue,
            HasPrivateKey = import.ProtectedPrivateKey is not null,
            Source = import.Source,
            ImportedUtc = now,
            ImportedBy = import.ImportedBy,
            OpenPgpKey = key.ToArmored(),
            Validity = validation.CanEncrypt ? "usable" : $"not usable for encryption: {validation.EncryptionProblem} {validation.EncryptionDetail}".Trim(),
            TenantId = tenantId,
        };
    }

    /// <summary>One OpenPGP key, parsed; bad input names the field.</summary>
    public static OpenPgpKey ParseOpenPgp(string armored)
    {
        try
        {
            var keys = OpenPgpKey.Parse(armored);
            return keys.Count == 1 ? keys[0] : throw new ArgumentException($"publicKey: one key per owner, this holds {keys.Count}");
        }
        catch (OpenPgpException ex)
        {
            throw new ArgumentException($"publicKey: {ex.Message}", ex);
        }
    }
}
