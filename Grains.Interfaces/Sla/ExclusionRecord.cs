namespace Smgw.Interfaces.Sla;

/// <summary>A disturbance outside the operator's control (SLA-1), tagged with a reason by a person; audited.</summary>
[GenerateSerializer, Immutable, Alias("smgw.sla.ExclusionRecord")]
public sealed record ExclusionRecord
{
    [Id(0)] public string Id { get; init; } = "";
    [Id(1)] public DateTimeOffset Start { get; init; }
    [Id(2)] public DateTimeOffset End { get; init; }
    [Id(3)] public IReadOnlyList<string> Tenants { get; init; } = [];
    [Id(4)] public string Reason { get; init; } = "";
    [Id(5)] public string TaggedBy { get; init; } = "";
    [Id(6)] public DateTimeOffset TaggedAt { get; init; }
}
