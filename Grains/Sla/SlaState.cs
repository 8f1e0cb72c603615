using Smgw.Interfaces.Sla;

namespace Smgw.Grains.Sla;

[GenerateSerializer, Alias("smgw.SlaState")]
public sealed class SlaState
{
    [Id(0)] public List<OutageRecord> Outages { get; set; } = [];
    [Id(1)] public List<MaintenanceRecord> Maintenance { get; set; } = [];
    [Id(2)] public List<ExclusionRecord> Exclusions { get; set; } = [];
    [Id(3)] public List<SlaCorrection> Corrections { get; set; } = [];
}
