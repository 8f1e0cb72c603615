using Smgw.Interfaces.Models;

namespace Smgw.Grains.Tenants;

[GenerateSerializer, Alias("smgw.TenantState")]
public sealed class TenantState
{
    [Id(0)] public TenantConfig? Config { get; set; }
}
