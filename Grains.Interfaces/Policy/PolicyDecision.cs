namespace Smgw.Interfaces.Policy;

/// <summary>The full decision for one message: per recipient, the splits, and the message-level trace.</summary>
[GenerateSerializer, Immutable, Alias("smgw.policy.PolicyDecision")]
public sealed record PolicyDecision
{
    [Id(0)] public PolicyMessage Message { get; init; } = new();
    [Id(1)] public IReadOnlyList<RecipientDecision> Recipients { get; init; } = [];
    [Id(2)] public IReadOnlyList<DecisionSplit> Splits { get; init; } = [];
    /// <summary>Steps that concern the whole message (routing of the sender, configuration errors).</summary>
    [Id(3)] public IReadOnlyList<TraceStep> Trace { get; init; } = [];

    public RecipientDecision? For(string recipient) =>
        Recipients.FirstOrDefault(r => string.Equals(r.Recipient, recipient, StringComparison.OrdinalIgnoreCase));
}
