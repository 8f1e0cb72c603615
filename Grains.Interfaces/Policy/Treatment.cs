namespace Smgw.Interfaces.Policy;

/// <summary>What is done with the message for one recipient.</summary>
[GenerateSerializer, Immutable, Alias("smgw.policy.Treatment")]
public sealed record Treatment
{
    [Id(0)] public TreatmentOutcome Outcome { get; init; }
    /// <summary>False: the address is not routed through the gateway's policy (CL-9, listed addresses only): passed on as it is.</summary>
    [Id(1)] public bool Routed { get; init; } = true;
    /// <summary>Outbound: the signing key, if signed.</summary>
    [Id(2)] public KeyStatus? SignWith { get; init; }
    /// <summary>Outbound: the encryption method, if encrypted.</summary>
    [Id(3)] public EncryptionMethod? Method { get; init; }
    /// <summary>Outbound: the recipient's (or its domain's) key, if encrypted.</summary>
    [Id(4)] public KeyStatus? EncryptTo { get; init; }
    /// <summary>Outbound: the message was already encrypted and is left as it is (counts as encrypted).</summary>
    [Id(5)] public bool AlreadyEncrypted { get; init; }
    /// <summary>Refuse or Defer: the RFC 3463 enhanced status, e.g. "5.7.1".</summary>
    [Id(6)] public string? Status { get; init; }
    /// <summary>Refuse or Defer: the reason, as it goes into the DSN.</summary>
    [Id(7)] public string? Reason { get; init; }
    /// <summary>Inbound: decryption, verification, stamping.</summary>
    [Id(8)] public InboundPlan? Inbound { get; init; }
    /// <summary>The action in one word list, e.g. "sign-organisation+encrypt-smime-domain", "messenger", "refuse", "pass-unrouted".</summary>
    [Id(9)] public string Action { get; init; } = "";
    /// <summary>Outbound, an alias's copy: every target's key (one recipient info each); empty otherwise (<see cref="EncryptTo"/> alone).</summary>
    [Id(10)] public IReadOnlyList<KeyStatus> EncryptToAll { get; init; } = [];

    /// <summary>The keys the copy is encrypted to.</summary>
    public IEnumerable<KeyStatus> RecipientKeys => EncryptToAll.Count > 0 ? EncryptToAll : EncryptTo is null ? [] : [EncryptTo];

    /// <summary>Delivered to the recipient without the gateway's encryption and not already encrypted.</summary>
    public bool DeliversPlaintext => Outcome == TreatmentOutcome.Deliver && Method is null && !AlreadyEncrypted;
}
