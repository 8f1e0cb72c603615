namespace Smgw.Interfaces.Sla;

/// <summary>An interruption as recorded (by an operator, or by the synthetic probe: RecordedBy "probe"). No tenants: all tenants.</summary>
[GenerateSerializer, Immutable, Alias("smgw.sla.OutageRecord")]
public sealed record OutageRecord
{
    [Id(0)] public string Id { get; init; } = "";
    [Id(1)] public DateTimeOffset Start { get; init; }
    /// <summary>Null while the interruption goes on.</summary>
    [Id(2)] public DateTimeOffset? End { get; init; }
    [Id(3)] public string WhatFailed { get; init; } = "";
    [Id(4)] public IReadOnlyList<string> Tenants { get; init; } = [];
    [Id(5)] public string RecordedBy { get; init; } = "";
}
