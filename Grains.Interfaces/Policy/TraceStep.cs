namespace Smgw.Interfaces.Policy;

/// <summary>One step of a decision trace, e.g. (Rule) "group lds/vorstand policy 'vertraulich' v2 set encryption=Mandatory".</summary>
[GenerateSerializer, Immutable, Alias("smgw.policy.TraceStep")]
public sealed record TraceStep
{
    [Id(0)] public TraceStepKind Kind { get; init; }
    [Id(1)] public string Text { get; init; } = "";

    public override string ToString() => $"{Kind.ToString().ToLowerInvariant()}: {Text}";
}
