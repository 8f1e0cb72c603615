namespace Smgw.Interfaces.Sla;

/// <summary>A maintenance window with its announcement (SLA-3). No tenants: all tenants.</summary>
[GenerateSerializer, Immutable, Alias("smgw.sla.MaintenanceRecord")]
public sealed record MaintenanceRecord
{
    [Id(0)] public string Id { get; init; } = "";
    /// <summary>When the tenants were told; null: not announced.</summary>
    [Id(1)] public DateTimeOffset? AnnouncedAt { get; init; }
    [Id(2)] public DateTimeOffset Start { get; init; }
    [Id(3)] public DateTimeOffset End { get; init; }
    [Id(4)] public bool OutageExpected { get; init; }
    [Id(5)] public string Effects { get; init; } = "";
    [Id(6)] public IReadOnlyList<string> Tenants { get; init; } = [];
    [Id(7)] public string RecordedBy { get; init; } = "";
}
