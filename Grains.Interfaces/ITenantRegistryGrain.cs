using Smgw.Interfaces.Models;

namespace Smgw.Interfaces;

/// <summary>
/// The list of tenants, kept denormalised for the SMTP frontends, which read a snapshot every few
/// seconds (never per message). Key: <see cref="DefaultKey"/>.
/// </summary>
[Alias("smgw.ITenantRegistryGrain")]
public interface ITenantRegistryGrain : IGrainWithStringKey
{
    public const string DefaultKey = "default";

    [Alias("Upsert")] Task UpsertAsync(TenantConfig config);
    [Alias("Remove")] Task RemoveAsync(string tenantId);
    [Alias("Snapshot")] Task<TenantDirectorySnapshot> GetSnapshotAsync();
}
