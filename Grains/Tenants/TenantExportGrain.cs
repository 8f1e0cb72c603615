using Smgw.Interfaces;
using Smgw.Interfaces.Tenants;

namespace Smgw.Grains.Tenants;

public sealed class TenantExportGrain(
    [PersistentState(StorageNames.TenantExportState, StorageNames.Grains)] IPersistentState<TenantExportState> state)
    : Grain, ITenantExportGrain
{
    public async Task SetAsync(TenantExport export)
    {
        state.State.Export = export;
        await state.WriteStateAsync();
    }

    public Task<TenantExport?> GetAsync() => Task.FromResult(state.State.Export);
}
