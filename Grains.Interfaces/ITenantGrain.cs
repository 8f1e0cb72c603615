using Smgw.Interfaces.Models;

namespace Smgw.Interfaces;

/// <summary>One tenant (authority); key: tenant id.</summary>
[Alias("smgw.ITenantGrain")]
public interface ITenantGrain : IGrainWithStringKey
{
    /// <summary>Creates or replaces the tenant's technical data; registers it in the directory.</summary>
    [Alias("Configure")] Task<TenantConfig> ConfigureAsync(TenantConfig config);
    [Alias("Get")] Task<TenantConfig?> GetAsync();
    [Alias("Remove")] Task RemoveAsync();
}
