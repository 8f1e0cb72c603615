namespace Smgw.Interfaces.Policy;

/// <summary>What the crypto stage does with an inbound message for one recipient.</summary>
[GenerateSerializer, Immutable, Alias("smgw.policy.InboundPlan")]
public sealed record InboundPlan
{
    /// <summary>The usable decryption keys, in the order to try; empty when the message is not encrypted or nothing may/can decrypt it.</summary>
    [Id(0)] public IReadOnlyList<KeyStatus> DecryptWith { get; init; } = [];
    /// <summary>If decryption fails at the crypto stage after all (the message is encrypted to another key).</summary>
    [Id(1)] public UnreadableAction OnUnreadable { get; init; }
    [Id(2)] public bool Verify { get; init; }
    [Id(3)] public bool StampHeaders { get; init; }
    [Id(4)] public string SubjectTag { get; init; } = "";
    /// <summary>Harvest the sender's certificate or key, only from a signature that verified.</summary>
    [Id(5)] public bool HarvestKeys { get; init; }
    /// <summary>The message is encrypted and no usable key was found: it is passed through still encrypted.</summary>
    [Id(6)] public bool Unreadable { get; init; }
    /// <summary>Signatures over MD5/SHA-1 count as valid (the policy's acceptWeakDigests); otherwise they are invalid (WeakDigest).</summary>
    [Id(7)] public bool AcceptWeakDigests { get; init; }
}
