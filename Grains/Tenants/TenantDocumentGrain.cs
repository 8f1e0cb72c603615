using Smgw.Interfaces;
using Smgw.Interfaces.Tenants;

namespace Smgw.Grains.Tenants;

public sealed class TenantDocumentGrain(
    [PersistentState(StorageNames.TenantDocumentState, StorageNames.Grains)] IPersistentState<TenantDocumentState> state)
    : Grain, ITenantDocumentGrain
{
    public async Task SetAsync(byte[] content)
    {
        state.State.Content = content;
        await state.WriteStateAsync();
    }

    public Task<byte[]?> GetAsync() => Task.FromResult(state.State.Content);

    public async Task ClearAsync()
    {
        await state.ClearStateAsync();
        state.State = new TenantDocumentState();
        DeactivateOnIdle();
    }
}
