using Smgw.Interfaces.Policy;

namespace Smgw.Grains.Policy.Decisions;

/// <summary>
/// The gateway's built-in defaults: the bottom level under the standard rules, so that every field
/// of an effective policy has a value even when the standard rules leave it unset.
/// </summary>
public static class BuiltInPolicy
{
    public static OutboundRules Outbound { get; } = new()
    {
        Sign = SignMode.Organisation,
        Encryption = EncryptionRequirement.IfPossible,
        Methods = [EncryptionMethod.PersonalSmime, EncryptionMethod.PersonalPgp, EncryptionMethod.DomainSmime, EncryptionMethod.DomainPgp],
        OnMissingKey = MissingKeyAction.Messenger,
    };

    public static InboundRules Inbound { get; } = new()
    {
        DecryptWith = [DecryptionKey.Organisation, DecryptionKey.PersonalSmime, DecryptionKey.DomainPgp, DecryptionKey.PersonalPgp],
        Verify = true,
        StampHeaders = true,
        SubjectTag = "",
        HarvestKeys = true,
        // Mail the gateway cannot read cannot be virus-scanned either: fail closed unless a tenant says otherwise.
        OnUnreadable = UnreadableAction.Refuse,
        // MD5 and SHA-1 signatures can be forged by collision: never stamped valid unless a policy says so.
        AcceptWeakDigests = false,
    };
}
