namespace Smgw.Interfaces.Policy;

/// <summary>
/// The full decision for one message: per final recipient (after alias expansion), per envelope
/// recipient (what is done: an alias's copy must serve every target), the copies, and the
/// message-level trace.
/// </summary>
[GenerateSerializer, Immutable, Alias("smgw.policy.PolicyDecision")]
public sealed record PolicyDecision
{
    [Id(0)] public PolicyMessage Message { get; init; } = new();
    [Id(1)] public IReadOnlyList<RecipientDecision> Recipients { get; init; } = [];
    [Id(2)] public IReadOnlyList<DecisionSplit> Splits { get; init; } = [];
    /// <summary>Steps that concern the whole message (routing of the sender, configuration errors).</summary>
    [Id(3)] public IReadOnlyList<TraceStep> Trace { get; init; } = [];
    /// <summary>
    /// One decision per envelope recipient, in envelope order: what the gateway does. For an address
    /// that is no alias it is its entry in <see cref="Recipients"/>; for an alias, the one copy that
    /// satisfies every target (<see cref="RecipientDecision.Targets"/>), or a refusal.
    /// </summary>
    [Id(4)] public IReadOnlyList<RecipientDecision> Envelope { get; init; } = [];

    /// <summary>The decision for an envelope recipient (case-insensitive), as delivered.</summary>
    public RecipientDecision? ForEnvelope(string recipient) =>
        Envelope.FirstOrDefault(r => string.Equals(r.Recipient, recipient, StringComparison.OrdinalIgnoreCase));

    public RecipientDecision? For(string recipient) =>
        Recipients.FirstOrDefault(r => string.Equals(r.Recipient, recipient, StringComparison.OrdinalIgnoreCase));
}
