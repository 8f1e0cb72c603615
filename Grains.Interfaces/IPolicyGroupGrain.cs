using Smgw.Interfaces.Models;

namespace Smgw.Interfaces;

/// <summary>A group of addresses sharing a policy; key: "tenantId/groupName".</summary>
[Alias("smgw.IPolicyGroupGrain")]
public interface IPolicyGroupGrain : IGrainWithStringKey
{
    [Alias("Configure")] Task<PolicyGroupConfig> ConfigureAsync(PolicyGroupConfig config);
    [Alias("Get")] Task<PolicyGroupConfig?> GetAsync();
    /// <summary>Deletes the group (offboarding) and takes it out of its tenant's index.</summary>
    [Alias("Remove")] Task RemoveAsync();
}
