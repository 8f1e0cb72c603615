using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;
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
        var entry = KeyEntries.Create(this.GetPrimaryKeyString(), import, time.GetUtcNow());
        state.State.Keys.RemoveAll(k => k.Entry.Kind == import.Kind);
        state.State.Keys.Add(new KeyMaterial { Entry = entry, ProtectedPrivateKey = import.ProtectedPrivateKey });
        await state.WriteStateAsync();
        logger.LogInformation("Key store {Owner}: {Kind} {Subject} ({Thumbprint}) {Source} by {By} {Validity}",
            entry.Owner, entry.Kind, entry.Subject, entry.Thumbprint, entry.Source, entry.ImportedBy, entry.Validity);
        return entry;
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
        var key = KeyEntries.ParseOpenPgp(armoredPublicKey);
        var existing = state.State.Keys.FirstOrDefault(k => k.Entry.Kind == KeyKind.OpenPgp)?.Entry;
        // Harvesting is trust on first use: it never replaces a stored key. WKD replaces what it
        // published before or what was harvested, never what an admin imported.
        if (existing is not null && (existing.Source == "imported" || existing.Thumbprint == key.Fingerprint || (source == "harvested")))
        {
            return false;
        }
        await ImportAsync(new KeyImport { Kind = KeyKind.OpenPgp, OpenPgpKey = armoredPublicKey, Source = source, ImportedBy = source == "wkd" ? "web key directory" : "inbound signature" });
        return true;
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
