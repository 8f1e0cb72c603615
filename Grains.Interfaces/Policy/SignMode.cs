namespace Smgw.Interfaces.Policy;

/// <summary>How outbound mail is signed.</summary>
[GenerateSerializer, Alias("smgw.policy.SignMode")]
public enum SignMode
{
    /// <summary>Not signed.</summary>
    None = 0,

    /// <summary>Signed with the organisation certificate of the sender's domain.</summary>
    Organisation = 1,

    /// <summary>Signed with the sender's personal certificate when the gateway holds a usable one, else with the organisation certificate.</summary>
    PersonalIfAvailable = 2,
}
