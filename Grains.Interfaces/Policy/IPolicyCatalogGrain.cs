namespace Smgw.Interfaces.Policy;

/// <summary>The gateway-wide policy catalog; one activation, key <see cref="DefaultKey"/>. Read through a short cache on the message path.</summary>
[Alias("smgw.IPolicyCatalogGrain")]
public interface IPolicyCatalogGrain : IGrainWithStringKey
{
    const string DefaultKey = "default";

    [Alias("Set")] Task<PolicyCatalog> SetAsync(PolicyCatalog catalog);
    [Alias("Get")] Task<PolicyCatalog> GetAsync();
}
