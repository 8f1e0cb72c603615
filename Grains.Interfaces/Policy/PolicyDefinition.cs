namespace Smgw.Interfaces.Policy;

/// <summary>
/// A named, versioned policy: the standard rules, a tenant's deviations, or the policy a group or
/// single address refers to by <see cref="Name"/>. Unset fields inherit from the less specific
/// level. When several versions of a name are present, the highest version is the one in force.
/// </summary>
[GenerateSerializer, Immutable, Alias("smgw.policy.PolicyDefinition")]
public sealed record PolicyDefinition
{
    [Id(0)] public string Name { get; init; } = "";
    [Id(1)] public int Version { get; init; } = 1;
    [Id(2)] public string Description { get; init; } = "";
    [Id(3)] public OutboundRules Outbound { get; init; } = new();
    [Id(4)] public InboundRules Inbound { get; init; } = new();
}
