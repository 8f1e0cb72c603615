namespace Smgw.Interfaces.Sla;

/// <summary>Everything the SLA accounting is computed from.</summary>
[GenerateSerializer, Immutable, Alias("smgw.sla.SlaRecords")]
public sealed record SlaRecords
{
    [Id(0)] public IReadOnlyList<OutageRecord> Outages { get; init; } = [];
    [Id(1)] public IReadOnlyList<MaintenanceRecord> Maintenance { get; init; } = [];
    [Id(2)] public IReadOnlyList<ExclusionRecord> Exclusions { get; init; } = [];
    /// <summary>The audit trail: every amendment and withdrawal, oldest first. Withdrawn records are not in the lists above.</summary>
    [Id(3)] public IReadOnlyList<SlaCorrection> Corrections { get; init; } = [];
}
