using Smgw.Interfaces;
using Smgw.Interfaces.Policy;

namespace Smgw.Grains.Policy;

/// <summary>A tenant's deviation policy name, groups, single-address policies and aliases.</summary>
public sealed class TenantPolicyGrain(
    [PersistentState(StorageNames.TenantPolicyState, StorageNames.Grains)] IPersistentState<TenantPolicyState> state)
    : Grain, ITenantPolicyGrain
{
    public async Task<TenantPolicyConfig> SetAsync(TenantPolicyConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        for (var i = 0; i < config.Addresses.Count; i++)
        {
            if (!config.Addresses[i].Address.Contains('@') || config.Addresses[i].Policy.Trim().Length == 0)
            {
                throw new ArgumentException($"addresses[{i}]: needs an address (local@domain) and a policy name");
            }
        }
        for (var i = 0; i < config.Aliases.Count; i++)
        {
            if (!config.Aliases[i].Address.Contains('@') || config.Aliases[i].Targets.Count == 0)
            {
                throw new ArgumentException($"aliases[{i}]: needs an address and at least one target");
            }
        }
        state.State.Config = config with
        {
            TenantPolicy = config.TenantPolicy.Trim(),
            Groups = config.Groups.Select(g => g.Trim()).Where(g => g.Length > 0).Distinct(StringComparer.Ordinal).ToList(),
            Addresses = config.Addresses.Select(a => a with { Address = a.Address.Trim().ToLowerInvariant(), Policy = a.Policy.Trim() }).ToList(),
            Aliases = config.Aliases.Select(a => a with { Address = a.Address.Trim().ToLowerInvariant(), Targets = a.Targets.Select(t => t.Trim()).ToList() }).ToList(),
        };
        await state.WriteStateAsync();
        return state.State.Config;
    }

    public Task<TenantPolicyConfig> GetAsync() => Task.FromResult(state.State.Config);

    public async Task ClearAsync()
    {
        await state.ClearStateAsync();
        state.State = new TenantPolicyState();
    }
}
