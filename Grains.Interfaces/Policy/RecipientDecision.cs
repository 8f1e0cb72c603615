namespace Smgw.Interfaces.Policy;

/// <summary>The decision for one recipient (final, after alias expansion; or an envelope recipient that is an alias), with its trace.</summary>
[GenerateSerializer, Immutable, Alias("smgw.policy.RecipientDecision")]
public sealed record RecipientDecision
{
    /// <summary>The address delivered to (as given; after alias expansion).</summary>
    [Id(0)] public string Recipient { get; init; } = "";
    /// <summary>The envelope recipients and aliases this recipient was reached through (empty: addressed directly).</summary>
    [Id(1)] public IReadOnlyList<string> Via { get; init; } = [];
    /// <summary>The effective policy; null when the address is not routed through policy or the configuration is broken.</summary>
    [Id(2)] public EffectivePolicy? Effective { get; init; }
    [Id(3)] public Treatment Treatment { get; init; } = new();
    [Id(4)] public IReadOnlyList<TraceStep> Trace { get; init; } = [];
    /// <summary>Every key lookup made for this recipient, usable or not.</summary>
    [Id(5)] public IReadOnlyList<KeyStatus> Keys { get; init; } = [];
    /// <summary>Only for an envelope recipient that is an alias: the final recipients its one copy serves.</summary>
    [Id(6)] public IReadOnlyList<string> Targets { get; init; } = [];
}
