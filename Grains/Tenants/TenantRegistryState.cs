using Smgw.Interfaces.Models;

namespace Smgw.Grains.Tenants;

[GenerateSerializer, Alias("smgw.TenantRegistryState")]
public sealed class TenantRegistryState
{
    [Id(0)] public long Version { get; set; }
    [Id(1)] public Dictionary<string, TenantConfig> Tenants { get; set; } = new(StringComparer.Ordinal);
}
