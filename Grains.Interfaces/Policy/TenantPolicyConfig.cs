namespace Smgw.Interfaces.Policy;

/// <summary>
/// A tenant's part of its <see cref="PolicySet"/>: its deviation policy, which of its policy groups
/// (<c>IPolicyGroupGrain</c> "tenant/name") take part, its single-address policies and aliases.
/// Policies are referred to by name; the definitions live in the gateway-wide <see cref="PolicyCatalog"/>.
/// </summary>
[GenerateSerializer, Immutable, Alias("smgw.policy.TenantPolicyConfig")]
public sealed record TenantPolicyConfig
{
    /// <summary>Name of the tenant's deviation policy; empty: none.</summary>
    [Id(0)] public string TenantPolicy { get; init; } = "";
    /// <summary>Names of the tenant's policy groups (the part after "tenant/").</summary>
    [Id(1)] public IReadOnlyList<string> Groups { get; init; } = [];
    [Id(2)] public IReadOnlyList<AddressPolicy> Addresses { get; init; } = [];
    [Id(3)] public IReadOnlyList<AliasEntry> Aliases { get; init; } = [];
}
