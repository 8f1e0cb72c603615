using Smgw.Interfaces;
using Smgw.Interfaces.Models;

namespace Smgw.Grains.Tenants;

/// <summary>
/// The tenant list for the SMTP frontends. Written only when a tenant changes; read as a snapshot
/// every few seconds by each frontend — never on the per-message path.
/// </summary>
public sealed class TenantRegistryGrain(
    [PersistentState(StorageNames.TenantRegistryState, StorageNames.Grains)] IPersistentState<TenantRegistryState> state)
    : Grain, ITenantRegistryGrain
{
    private TenantDirectorySnapshot? _snapshot;

    public async Task UpsertAsync(TenantConfig config)
    {
        foreach (var other in state.State.Tenants.Values.Where(t => t.Id != config.Id))
        {
            var clash = other.Domains.Intersect(config.Domains, StringComparer.OrdinalIgnoreCase).FirstOrDefault();
            if (clash is not null)
            {
                throw new ArgumentException($"domains: '{clash}' already belongs to tenant '{other.Id}'.");
            }
        }
        state.State.Tenants[config.Id] = config;
        state.State.Version++;
        _snapshot = null;
        await state.WriteStateAsync();
    }

    public async Task RemoveAsync(string tenantId)
    {
        if (state.State.Tenants.Remove(tenantId))
        {
            state.State.Version++;
            _snapshot = null;
            await state.WriteStateAsync();
        }
    }

    public Task<TenantDirectorySnapshot> GetSnapshotAsync()
    {
        _snapshot ??= new TenantDirectorySnapshot
        {
            Version = state.State.Version,
            Tenants = state.State.Tenants.Values.OrderBy(t => t.Id, StringComparer.Ordinal).ToList(),
        };
        return Task.FromResult(_snapshot);
    }
}
