using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;
using Smgw.Crypto.OpenPgp;
using Smgw.Interfaces;
using Smgw.Interfaces.Keys;

namespace Smgw.Grains.Keys;

/// <summary>
/// The certificates and OpenPGP keys of one address or domain. The private key of an organisation
/// certificate or of the gateway's own OpenPGP key arrives and is kept encrypted under the master
/// key; this grain never sees it in clear.
/// </summary>
public sealed class KeyStoreGrain(
    [PersistentState(StorageNames.KeyStoreState, StorageNames.Grains)] IPersistentState<KeyStoreState> state,
    TimeProvider time,
    ILogger<KeyStoreGrain> logger) : Grain, IKeyStoreGrain
{
    public async Task<KeyEntry> ImportAsync(KeyImport import)
    {
        ArgumentNullException.ThrowIfNull(import);
        if (import.Kind is KeyKind.OpenPgp or KeyKind.OpenPgpSecret)
        {
            return await ImportOpenPgpAsync(import);
        }
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
            if (import.Kind == KeyKind.Personal && (import.ProtectedPrivateKey is null || !this.GetPrimaryKeyString().Contains('@')))
            {
                throw new ArgumentException("privateKey: a personal certificate belongs to an address and needs its private key");
            }
            if (import.Kind == KeyKind.Certificate && import.ProtectedPrivateKey is not null)
            {
                throw new ArgumentException("privateKey: a correspondent's certificate is stored without a private key");
            }
            var entry = new KeyEntry
            {
                Owner = this.GetPrimaryKeyString(),
                Kind = import.Kind,
                CertificatePem = certificate.ExportCertificatePem(),
                Subject = certificate.Subject,
                Thumbprint = certificate.Thumbprint,
                NotAfter = certificate.NotAfter.ToUniversalTime(),
                HasPrivateKey = import.ProtectedPrivateKey is not null,
                Source = import.Source,
                ImportedUtc = time.GetUtcNow(),
                ImportedBy = import.ImportedBy,
            };
            state.State.Keys.RemoveAll(k => k.Entry.Kind == import.Kind);
            state.State.Keys.Add(new KeyMaterial { Entry = entry, ProtectedPrivateKey = import.ProtectedPrivateKey });
            await state.WriteStateAsync();
            logger.LogInformation("Key store {Owner}: {Kind} certificate {Subject} ({Thumbprint}) {Source} by {By}",
                entry.Owner, entry.Kind, entry.Subject, entry.Thumbprint, entry.Source, entry.ImportedBy);
            return entry;
        }
    }

    public async Task<bool> HarvestAsync(string certificatePem)
    {
        var existing = state.State.Keys.FirstOrDefault(k => k.Entry.Kind == KeyKind.Certificate)?.Entry;
        using var certificate = X509Certificate2.CreateFromPem(certificatePem);
        if (existing is not null && (existing.Source != "harvested" || existing.Thumbprint == certificate.Thumbprint || existing.NotAfter >= certificate.NotAfter.ToUniversalTime()))
        {
            return false;
        }
        await ImportAsync(new KeyImport { Kind = KeyKind.Certificate, CertificatePem = certificatePem, Source = "harvested", ImportedBy = "inbound signature" });
        return true;
    }

    public async Task<bool> LearnOpenPgpAsync(string armoredPublicKey, string source)
    {
        var key = ParseOpenPgp(armoredPublicKey);
        var existing = state.State.Keys.FirstOrDefault(k => k.Entry.Kind == KeyKind.OpenPgp)?.Entry;
        // Harvesting is trust on first use: it never replaces a stored key. WKD replaces what it
        // published before or what was harvested, never what an admin imported.
        if (existing is not null && (existing.Source == "imported" || existing.Thumbprint == key.Fingerprint || (source == "harvested")))
        {
            return false;
        }
        await ImportOpenPgpAsync(new KeyImport { Kind = KeyKind.OpenPgp, OpenPgpKey = armoredPublicKey, Source = source, ImportedBy = source == "wkd" ? "web key directory" : "inbound signature" });
        return true;
    }

    private async Task<KeyEntry> ImportOpenPgpAsync(KeyImport import)
    {
        var owner = this.GetPrimaryKeyString();
        var key = ParseOpenPgp(import.OpenPgpKey);
        if (import.Kind == KeyKind.OpenPgpSecret && import.ProtectedPrivateKey is null)
        {
            throw new ArgumentException("secretKey: the gateway's own OpenPGP key needs its private part");
        }
        if (import.Kind == KeyKind.OpenPgp && import.ProtectedPrivateKey is not null)
        {
            throw new ArgumentException("publicKey: a correspondent's OpenPGP key is stored without a private part");
        }
        var validation = key.Validate(time.GetUtcNow(), owner);
        var entry = new KeyEntry
        {
            Owner = owner,
            Kind = import.Kind,
            Subject = validation.UserIds.FirstOrDefault() ?? key.AllUserIds.FirstOrDefault() ?? "",
            Thumbprint = key.Fingerprint,
            NotAfter = validation.Expires ?? DateTimeOffset.MaxValue,
            HasPrivateKey = import.ProtectedPrivateKey is not null,
            Source = import.Source,
            ImportedUtc = time.GetUtcNow(),
            ImportedBy = import.ImportedBy,
            OpenPgpKey = key.ToArmored(),
            Validity = validation.CanEncrypt ? "usable" : $"not usable for encryption: {validation.EncryptionProblem} {validation.EncryptionDetail}".Trim(),
        };
        state.State.Keys.RemoveAll(k => k.Entry.Kind == import.Kind);
        state.State.Keys.Add(new KeyMaterial { Entry = entry, ProtectedPrivateKey = import.ProtectedPrivateKey });
        await state.WriteStateAsync();
        logger.LogInformation("Key store {Owner}: {Kind} key {Fingerprint} ({UserId}) {Source} by {By}: {Validity}",
            entry.Owner, entry.Kind, entry.Thumbprint, entry.Subject, entry.Source, entry.ImportedBy, entry.Validity);
        return entry;
    }

    private static OpenPgpKey ParseOpenPgp(string armored)
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

    public Task<IReadOnlyList<KeyEntry>> ListAsync() =>
        Task.FromResult<IReadOnlyList<KeyEntry>>(state.State.Keys.Select(k => k.Entry).ToList());

    public Task<IReadOnlyList<KeyMaterial>> GetMaterialAsync() =>
        Task.FromResult<IReadOnlyList<KeyMaterial>>(state.State.Keys.ToList());

    public async Task RemoveAsync(KeyKind kind)
    {
        if (state.State.Keys.RemoveAll(k => k.Entry.Kind == kind) > 0)
        {
            await state.WriteStateAsync();
        }
    }
}
