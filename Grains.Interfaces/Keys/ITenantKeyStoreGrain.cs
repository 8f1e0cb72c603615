namespace Smgw.Interfaces.Keys;

/// <summary>
/// Correspondents' certificates and OpenPGP public keys that a tenant's administrator imported for
/// owners outside the tenant's own domains: they apply to that tenant's mail only, and there take
/// precedence over the gateway-wide <see cref="IKeyStoreGrain"/> entry of the same kind, so one
/// tenant cannot replace a key another tenant relies on. Key: tenant id.
/// </summary>
[Alias("smgw.ITenantKeyStoreGrain")]
public interface ITenantKeyStoreGrain : IGrainWithStringKey
{
    /// <summary>Stores (replaces) the owner's key of that kind: <see cref="KeyKind.Certificate"/> or <see cref="KeyKind.OpenPgp"/> only.</summary>
    [Alias("Import")] Task<KeyEntry> ImportAsync(string owner, KeyImport import);

    /// <summary>Public data only.</summary>
    [Alias("List")] Task<IReadOnlyList<KeyEntry>> ListAsync(string owner);

    /// <summary>For the policy stage: the stored keys of those owners that have any.</summary>
    [Alias("Material")] Task<IReadOnlyDictionary<string, IReadOnlyList<KeyMaterial>>> GetMaterialAsync(IReadOnlyList<string> owners);

    /// <summary>Every key of the tenant, public data only (the tenant's data export).</summary>
    [Alias("ListAll")] Task<IReadOnlyList<KeyEntry>> ListAllAsync();

    [Alias("Remove")] Task RemoveAsync(string owner, KeyKind kind);

    /// <summary>Offboarding: every key of the tenant. Returns the entries removed (public data only).</summary>
    [Alias("Clear")] Task<IReadOnlyList<KeyEntry>> ClearAsync();
}
