using Smgw.Interfaces;
using Smgw.Interfaces.Policy;

namespace Smgw.Grains.Policy;

/// <summary>The gateway-wide policy definitions and the name of the standard rules.</summary>
public sealed class PolicyCatalogGrain(
    [PersistentState(StorageNames.PolicyCatalogState, StorageNames.Grains)] IPersistentState<PolicyCatalogState> state)
    : Grain, IPolicyCatalogGrain
{
    public async Task<PolicyCatalog> SetAsync(PolicyCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        for (var i = 0; i < catalog.Policies.Count; i++)
        {
            if (catalog.Policies[i].Name.Trim().Length == 0)
            {
                throw new ArgumentException($"policies[{i}].name: a policy needs a name");
            }
        }
        var duplicate = catalog.Policies.GroupBy(p => (p.Name, p.Version)).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException($"policies: '{duplicate.Key.Name}' v{duplicate.Key.Version} is given twice");
        }
        if (catalog.StandardPolicy.Length > 0 && catalog.Policies.All(p => p.Name != catalog.StandardPolicy))
        {
            throw new ArgumentException($"standardPolicy: no policy named '{catalog.StandardPolicy}'");
        }
        state.State.Catalog = catalog with { Policies = catalog.Policies.ToList() };
        await state.WriteStateAsync();
        return state.State.Catalog;
    }

    public Task<PolicyCatalog> GetAsync() => Task.FromResult(state.State.Catalog);
}
