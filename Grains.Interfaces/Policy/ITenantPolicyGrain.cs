namespace Smgw.Interfaces.Policy;

/// <summary>A tenant's policy settings; key: tenant id.</summary>
[Alias("smgw.ITenantPolicyGrain")]
public interface ITenantPolicyGrain : IGrainWithStringKey
{
    [Alias("Set")] Task<TenantPolicyConfig> SetAsync(TenantPolicyConfig config);
    [Alias("Get")] Task<TenantPolicyConfig> GetAsync();
    /// <summary>Deletes the tenant's policy settings (offboarding).</summary>
    [Alias("Clear")] Task ClearAsync();
}
