namespace Smgw.Interfaces.Policy;

/// <summary>What happens to inbound encrypted mail the gateway cannot decrypt for a recipient.</summary>
[GenerateSerializer, Alias("smgw.policy.UnreadableAction")]
public enum UnreadableAction
{
    /// <summary>Refused (5.7.5): it cannot be virus-scanned or stamped.</summary>
    Refuse = 0,

    /// <summary>Delivered as received, still encrypted, with a header saying it was not decrypted.</summary>
    PassThrough = 1,
}
