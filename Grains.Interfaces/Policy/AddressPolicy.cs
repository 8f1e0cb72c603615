namespace Smgw.Interfaces.Policy;

/// <summary>A single address with its own policy (seed CL-12).</summary>
[GenerateSerializer, Immutable, Alias("smgw.policy.AddressPolicy")]
public sealed record AddressPolicy
{
    /// <summary>The address; matched case-insensitively (local part and domain).</summary>
    [Id(0)] public string Address { get; init; } = "";
    /// <summary>Internal: the tenant's user (outbound sender, inbound recipient). External: a correspondent (outbound recipient, inbound sender).</summary>
    [Id(1)] public PolicyScope Scope { get; init; }
    /// <summary>Name of the <see cref="PolicyDefinition"/> applied.</summary>
    [Id(2)] public string Policy { get; init; } = "";
}
