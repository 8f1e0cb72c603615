namespace Smgw.Interfaces.Policy;

/// <summary>
/// The policy in force for one recipient in one direction: every field set, each with its origin.
/// Only the rules of the message's direction are filled in.
/// </summary>
[GenerateSerializer, Immutable, Alias("smgw.policy.EffectivePolicy")]
public sealed record EffectivePolicy
{
    [Id(0)] public OutboundRules? Outbound { get; init; }
    [Id(1)] public InboundRules? Inbound { get; init; }
    [Id(2)] public IReadOnlyList<FieldOrigin> Origins { get; init; } = [];

    public FieldOrigin? OriginOf(string field) => Origins.FirstOrDefault(o => o.Field == field);
}
