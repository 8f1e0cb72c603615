using Smgw.Interfaces.Models;

namespace Smgw.Grains.Policy;

[GenerateSerializer, Alias("smgw.PolicyGroupState")]
public sealed class PolicyGroupState
{
    [Id(0)] public PolicyGroupConfig? Config { get; set; }
}
