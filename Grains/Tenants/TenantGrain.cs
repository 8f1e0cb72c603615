using Smgw.Interfaces;
using Smgw.Interfaces.Models;

namespace Smgw.Grains.Tenants;

public sealed class TenantGrain(
    [PersistentState(StorageNames.TenantState, StorageNames.Grains)] IPersistentState<TenantState> state)
    : Grain, ITenantGrain
{
    public async Task<TenantConfig> ConfigureAsync(TenantConfig config)
    {
        var normalized = TenantConfigValidator.Normalize(config with { Id = this.GetPrimaryKeyString() });
        state.State.Config = normalized;
        await state.WriteStateAsync();
        await GrainFactory.GetGrain<ITenantRegistryGrain>(ITenantRegistryGrain.DefaultKey).UpsertAsync(normalized);
        return normalized;
    }

    public Task<TenantConfig?> GetAsync() => Task.FromResult(state.State.Config);

    public async Task RemoveAsync()
    {
        await GrainFactory.GetGrain<ITenantRegistryGrain>(ITenantRegistryGrain.DefaultKey).RemoveAsync(this.GetPrimaryKeyString());
        await state.ClearStateAsync();
    }
}
