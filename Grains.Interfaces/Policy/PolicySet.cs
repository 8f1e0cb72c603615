using Smgw.Interfaces.Models;

namespace Smgw.Interfaces.Policy;

/// <summary>
/// Everything the decision engine needs to know about policy for one tenant's message: the policy
/// definitions, which of them are the standard rules and the tenant's deviations, the groups and
/// single addresses with their policies, the routing mode, and the alias map.
/// </summary>
[GenerateSerializer, Immutable, Alias("smgw.policy.PolicySet")]
public sealed record PolicySet
{
    /// <summary>All policy definitions referred to below (several versions of a name may be present: the highest is in force).</summary>
    [Id(0)] public IReadOnlyList<PolicyDefinition> Policies { get; init; } = [];
    /// <summary>Name of the gateway-wide standard rules; empty: only the built-in defaults.</summary>
    [Id(1)] public string StandardPolicy { get; init; } = "";
    /// <summary>The tenant (domains, routing mode, listed addresses); null for gateway-generated mail without a tenant.</summary>
    [Id(2)] public TenantConfig? Tenant { get; init; }
    /// <summary>Name of the tenant's deviation policy; empty: none.</summary>
    [Id(3)] public string TenantPolicy { get; init; } = "";
    /// <summary>The tenant's policy groups (members: addresses, or "@domain" for a whole domain).</summary>
    [Id(4)] public IReadOnlyList<PolicyGroupConfig> Groups { get; init; } = [];
    [Id(5)] public IReadOnlyList<AddressPolicy> Addresses { get; init; } = [];
    [Id(6)] public IReadOnlyList<AliasEntry> Aliases { get; init; } = [];
}
