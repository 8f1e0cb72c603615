using Smgw.Interfaces.Policy;

namespace Smgw.Grains.Policy;

[GenerateSerializer, Alias("smgw.PolicyCatalogState")]
public sealed class PolicyCatalogState
{
    [Id(0)] public PolicyCatalog Catalog { get; set; } = new();
}
