using Smgw.Interfaces;
using Smgw.Interfaces.Models;

namespace Smgw.Grains.Tenants;

public sealed class TenantGrain(
    [PersistentState(StorageNames.TenantState, StorageNames.Grains)] IPersistentState<TenantState> state)
    : Grain, ITenantGrain
{
    public async Task<TenantConfig> ConfigureAsync(TenantConfig config)
    {
        var id = this.GetPrimaryKeyString();
        var normalized = TenantConfigValidator.Normalize(config with { Id = id });
        var previous = state.State.Config?.Domains ?? [];

        // Claim new domains first: a domain of another tenant refuses the whole change.
        var claimed = new List<string>();
        try
        {
            foreach (var domain in normalized.Domains.Except(previous))
            {
                await Domain(domain).ClaimAsync(id);
                claimed.Add(domain);
            }
        }
        catch
        {
            foreach (var domain in claimed)
            {
                await Domain(domain).ReleaseAsync(id);
            }
            throw;
        }

        state.State.Config = normalized;
        await state.WriteStateAsync();
        await GrainFactory.GetGrain<ITenantRegistryGrain>(ITenantRegistryGrain.DefaultKey).UpsertAsync(normalized);
        foreach (var domain in previous.Except(normalized.Domains))
        {
            await Domain(domain).ReleaseAsync(id);
        }
        return normalized;
    }

    public Task<TenantConfig?> GetAsync() => Task.FromResult(state.State.Config);

    public async Task RemoveAsync()
    {
        var id = this.GetPrimaryKeyString();
        await GrainFactory.GetGrain<ITenantRegistryGrain>(ITenantRegistryGrain.DefaultKey).RemoveAsync(id);
        foreach (var domain in state.State.Config?.Domains ?? [])
        {
            await Domain(domain).ReleaseAsync(id);
        }
        await state.ClearStateAsync();
    }

    private IDomainGrain Domain(string domain) => GrainFactory.GetGrain<IDomainGrain>(domain);
}
