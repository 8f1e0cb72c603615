using Smgw.Interfaces;
using Smgw.Interfaces.Models;
using Smgw.Interfaces.Tenants;

namespace Smgw.Grains.Policy;

public sealed class PolicyGroupGrain(
    [PersistentState(StorageNames.PolicyGroupState, StorageNames.Grains)] IPersistentState<PolicyGroupState> state)
    : Grain, IPolicyGroupGrain
{
    public async Task<PolicyGroupConfig> ConfigureAsync(PolicyGroupConfig config)
    {
        if (config.Kind is not ("internal" or "external"))
        {
            throw new ArgumentException($"kind '{config.Kind}' must be 'internal' or 'external'.");
        }
        state.State.Config = config with
        {
            Id = this.GetPrimaryKeyString(),
            Members = config.Members.Select(m => m.Trim().ToLowerInvariant()).Distinct().ToList(),
            Description = (config.Description ?? "").Trim(),
        };
        await state.WriteStateAsync();
        if (config is { TenantId.Length: > 0, Name.Length: > 0 })
        {
            await GrainFactory.GetGrain<ITenantProfileGrain>(config.TenantId).IndexGroupAsync(config.Name, present: true);
        }
        return state.State.Config;
    }

    public Task<PolicyGroupConfig?> GetAsync() => Task.FromResult(state.State.Config);

    public async Task RemoveAsync()
    {
        if (state.State.Config is { TenantId.Length: > 0, Name.Length: > 0 } config)
        {
            await GrainFactory.GetGrain<ITenantProfileGrain>(config.TenantId).IndexGroupAsync(config.Name, present: false);
        }
        await state.ClearStateAsync();
        state.State = new PolicyGroupState();
    }
}
