using Smgw.Interfaces.Policy;

namespace Smgw.Grains.Policy;

[GenerateSerializer, Alias("smgw.TenantPolicyState")]
public sealed class TenantPolicyState
{
    [Id(0)] public TenantPolicyConfig Config { get; set; } = new();
}
