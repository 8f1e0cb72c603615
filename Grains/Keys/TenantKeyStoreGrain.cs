using Microsoft.Extensions.Logging;
using Smgw.Interfaces;
using Smgw.Interfaces.Keys;

namespace Smgw.Grains.Keys;

/// <summary>A tenant's own view of correspondents' public keys (see <see cref="ITenantKeyStoreGrain"/>).</summary>
public sealed class TenantKeyStoreGrain(
    [PersistentState(StorageNames.TenantKeyStoreState, StorageNames.Grains)] IPersistentState<TenantKeyStoreState> state,
    TimeProvider time,
    ILogger<TenantKeyStoreGrain> logger) : Grain, ITenantKeyStoreGrain
{
    public async Task<KeyEntry> ImportAsync(string owner, KeyImport import)
    {
        ArgumentNullException.ThrowIfNull(import);
        owner = Owner(owner);
        if (import.Kind is not (KeyKind.Certificate or KeyKind.OpenPgp) || import.ProtectedPrivateKey is not null)
        {
            throw new ArgumentException($"kind: a tenant stores correspondents' public keys only, not {import.Kind}");
        }
        var tenantId = this.GetPrimaryKeyString();
        var entry = KeyEntries.Create(owner, import, time.GetUtcNow(), tenantId);
        if (!state.State.Keys.TryGetValue(owner, out var keys))
        {
            state.State.Keys[owner] = keys = [];
        }
        keys.RemoveAll(k => k.Entry.Kind == import.Kind);
        keys.Add(new KeyMaterial { Entry = entry });
        await state.WriteStateAsync();
        logger.LogInformation("Key store of tenant {Tenant}, {Owner}: {Kind} {Subject} ({Thumbprint}) {Source} by {By} {Validity}",
            tenantId, entry.Owner, entry.Kind, entry.Subject, entry.Thumbprint, entry.Source, entry.ImportedBy, entry.Validity);
        return entry;
    }

    public Task<IReadOnlyList<KeyEntry>> ListAsync(string owner) =>
        Task.FromResult<IReadOnlyList<KeyEntry>>(
            state.State.Keys.TryGetValue(Owner(owner), out var keys) ? keys.Select(k => k.Entry).ToList() : []);

    public Task<IReadOnlyList<KeyEntry>> ListAllAsync() =>
        Task.FromResult<IReadOnlyList<KeyEntry>>(state.State.Keys.Values.SelectMany(k => k).Select(k => k.Entry).ToList());

    public Task<IReadOnlyDictionary<string, IReadOnlyList<KeyMaterial>>> GetMaterialAsync(IReadOnlyList<string> owners)
    {
        var result = new Dictionary<string, IReadOnlyList<KeyMaterial>>(StringComparer.Ordinal);
        foreach (var owner in owners)
        {
            if (state.State.Keys.TryGetValue(owner, out var keys) && keys.Count > 0)
            {
                result[owner] = keys.ToList();
            }
        }
        return Task.FromResult<IReadOnlyDictionary<string, IReadOnlyList<KeyMaterial>>>(result);
    }

    public async Task RemoveAsync(string owner, KeyKind kind)
    {
        owner = Owner(owner);
        if (state.State.Keys.TryGetValue(owner, out var keys) && keys.RemoveAll(k => k.Entry.Kind == kind) > 0)
        {
            if (keys.Count == 0)
            {
                state.State.Keys.Remove(owner);
            }
            await state.WriteStateAsync();
        }
    }

    public async Task<IReadOnlyList<KeyEntry>> ClearAsync()
    {
        var removed = state.State.Keys.Values.SelectMany(k => k).Select(k => k.Entry).ToList();
        if (state.RecordExists)
        {
            await state.ClearStateAsync();
        }
        state.State = new TenantKeyStoreState();
        return removed;
    }

    private static string Owner(string owner) => owner.Trim().ToLowerInvariant();
}
