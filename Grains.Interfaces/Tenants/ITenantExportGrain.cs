namespace Smgw.Interfaces.Tenants;

/// <summary>The offboarding export of one tenant; key: tenant id. Outlives the tenant's data on purpose.</summary>
[Alias("smgw.ITenantExportGrain")]
public interface ITenantExportGrain : IGrainWithStringKey
{
    [Alias("Set")] Task SetAsync(TenantExport export);
    [Alias("Get")] Task<TenantExport?> GetAsync();
}
