namespace Smgw.Interfaces.Policy;

/// <summary>The gateway-wide policy data: every policy definition and which one is the standard rules.</summary>
[GenerateSerializer, Immutable, Alias("smgw.policy.PolicyCatalog")]
public sealed record PolicyCatalog
{
    /// <summary>Name of the standard rules; empty: only the built-in defaults.</summary>
    [Id(0)] public string StandardPolicy { get; init; } = "";
    [Id(1)] public IReadOnlyList<PolicyDefinition> Policies { get; init; } = [];
}
