using Smgw.Interfaces;

namespace Smgw.Grains.Tenants;

public sealed class DomainGrain(
    [PersistentState(StorageNames.DomainState, StorageNames.Grains)] IPersistentState<DomainState> state)
    : Grain, IDomainGrain
{
    public async Task ClaimAsync(string tenantId)
    {
        if (state.State.Owner == tenantId)
        {
            return;
        }
        if (state.State.Owner is { } other)
        {
            throw new ArgumentException($"domains: '{this.GetPrimaryKeyString()}' already belongs to tenant '{other}'.");
        }
        state.State.Owner = tenantId;
        await state.WriteStateAsync();
    }

    public async Task ReleaseAsync(string tenantId)
    {
        if (state.State.Owner == tenantId)
        {
            state.State.Owner = null;
            await state.WriteStateAsync();
        }
    }

    public Task<string?> GetOwnerAsync() => Task.FromResult(state.State.Owner);
}
