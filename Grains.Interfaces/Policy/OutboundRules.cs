namespace Smgw.Interfaces.Policy;

/// <summary>
/// What a policy says about outbound mail, per recipient. Every field is optional: null means
/// "this policy leaves the field to the less specific levels" (unset inherits).
/// </summary>
[GenerateSerializer, Immutable, Alias("smgw.policy.OutboundRules")]
public sealed record OutboundRules
{
    [Id(0)] public SignMode? Sign { get; init; }
    [Id(1)] public EncryptionRequirement? Encryption { get; init; }
    /// <summary>Encryption methods in order of preference; the first with a usable key is taken. An empty list means "no method" (with Mandatory: Messenger or refusal).</summary>
    [Id(2)] public IReadOnlyList<EncryptionMethod>? Methods { get; init; }
    /// <summary>Only consulted when <see cref="Encryption"/> is Mandatory and no usable key exists.</summary>
    [Id(3)] public MissingKeyAction? OnMissingKey { get; init; }

    public bool IsEmpty => Sign is null && Encryption is null && Methods is null && OnMissingKey is null;
}
