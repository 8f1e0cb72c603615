namespace Smgw.Interfaces.Tenants;

/// <summary>The bytes of one uploaded document; key: "tenantId/item/name". Stored in the database with the grain state.</summary>
[Alias("smgw.ITenantDocumentGrain")]
public interface ITenantDocumentGrain : IGrainWithStringKey
{
    [Alias("Set")] Task SetAsync(byte[] content);
    [Alias("Get")] Task<byte[]?> GetAsync();
    [Alias("Clear")] Task ClearAsync();
}
