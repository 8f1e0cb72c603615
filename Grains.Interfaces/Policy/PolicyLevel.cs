namespace Smgw.Interfaces.Policy;

/// <summary>The level a policy setting comes from, from the least to the most specific.</summary>
[GenerateSerializer, Alias("smgw.policy.PolicyLevel")]
public enum PolicyLevel
{
    /// <summary>The gateway's built-in safe defaults (only for fields the standard rules leave unset).</summary>
    BuiltIn = 0,

    /// <summary>The gateway-wide standard rules.</summary>
    Standard = 1,

    /// <summary>The tenant's deviations from the standard rules (seed CL-8, tables 2–4).</summary>
    Tenant = 2,

    /// <summary>A policy group: internal (the tenant's users) or external (their correspondents) (CL-11, tables 7, 8).</summary>
    Group = 3,

    /// <summary>A single address with its own policy (CL-12).</summary>
    Address = 4,
}
