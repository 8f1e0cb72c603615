using Smgw.Interfaces;
using Smgw.Interfaces.Models;

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
        };
        await state.WriteStateAsync();
        return state.State.Config;
    }

    public Task<PolicyGroupConfig?> GetAsync() => Task.FromResult(state.State.Config);
}
