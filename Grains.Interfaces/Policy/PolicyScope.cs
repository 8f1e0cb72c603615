namespace Smgw.Interfaces.Policy;

/// <summary>Which side of a message a group or single-address policy describes.</summary>
[GenerateSerializer, Alias("smgw.policy.PolicyScope")]
public enum PolicyScope
{
    /// <summary>The tenant's own user: the sender of outbound mail, the recipient of inbound mail.</summary>
    Internal = 0,

    /// <summary>The correspondent outside: the recipient of outbound mail, the sender of inbound mail.</summary>
    External = 1,
}
