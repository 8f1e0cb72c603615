namespace Smgw.Interfaces.Policy;

/// <summary>
/// What a policy says about inbound mail, per recipient. Every field is optional: null means
/// "this policy leaves the field to the less specific levels" (unset inherits).
/// </summary>
[GenerateSerializer, Immutable, Alias("smgw.policy.InboundRules")]
public sealed record InboundRules
{
    /// <summary>The keys the gateway may use to decrypt, in the order tried; an empty list means "do not decrypt".</summary>
    [Id(0)] public IReadOnlyList<DecryptionKey>? DecryptWith { get; init; }
    [Id(1)] public bool? Verify { get; init; }
    /// <summary>Stamp the decryption and verification results in headers (X-SMGW-*).</summary>
    [Id(2)] public bool? StampHeaders { get; init; }
    /// <summary>A tag put in front of the subject, e.g. "[signed]"; the empty string means "no tag".</summary>
    [Id(3)] public string? SubjectTag { get; init; }
    /// <summary>Store the sender's certificate or key from a valid signature in the key directory.</summary>
    [Id(4)] public bool? HarvestKeys { get; init; }
    [Id(5)] public UnreadableAction? OnUnreadable { get; init; }
    /// <summary>
    /// Accept signatures over MD5 or SHA-1 (S/MIME and OpenPGP) as valid; built-in false: they are
    /// stamped <c>invalid; reason=WeakDigest</c>, since collisions make them forgeable.
    /// </summary>
    [Id(6)] public bool? AcceptWeakDigests { get; init; }

    public bool IsEmpty => DecryptWith is null && Verify is null && StampHeaders is null && SubjectTag is null && HarvestKeys is null && OnUnreadable is null && AcceptWeakDigests is null;
}
