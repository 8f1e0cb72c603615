namespace Smgw.Interfaces.Keys;

/// <summary>
/// The certificates and OpenPGP keys of one owner; key: a lower-case address or domain. At most one entry per
/// <see cref="KeyKind"/>; importing again replaces it.
/// </summary>
[Alias("smgw.IKeyStoreGrain")]
public interface IKeyStoreGrain : IGrainWithStringKey
{
    [Alias("Import")] Task<KeyEntry> ImportAsync(KeyImport import);
    /// <summary>Public data only.</summary>
    [Alias("List")] Task<IReadOnlyList<KeyEntry>> ListAsync();
    /// <summary>For the policy stage: the entries with their encrypted private keys.</summary>
    [Alias("Material")] Task<IReadOnlyList<KeyMaterial>> GetMaterialAsync();
    [Alias("Remove")] Task RemoveAsync(KeyKind kind);
    /// <summary>
    /// Stores a correspondent's certificate taken from a signature that verified (source
    /// "harvested"), unless an admin imported one or the same one is already stored. True when stored.
    /// </summary>
    [Alias("Harvest")] Task<bool> HarvestAsync(string certificatePem);
    /// <summary>
    /// Stores a correspondent's OpenPGP public key found for this owner (source "harvested" from a
    /// verified inbound signature, or "wkd"), unless an admin imported one or the same key is stored. True when stored.
    /// </summary>
    [Alias("LearnOpenPgp")] Task<bool> LearnOpenPgpAsync(string armoredPublicKey, string source);
}
