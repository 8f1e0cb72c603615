namespace Smgw.Interfaces.Tenants;

/// <summary>The export of an offboarded tenant's data (JSON), kept for the service owner after the data itself was deleted.</summary>
[GenerateSerializer, Immutable, Alias("smgw.tenants.TenantExport")]
public sealed record TenantExport
{
    [Id(0)] public string TenantId { get; init; } = "";
    [Id(1)] public DateTimeOffset CreatedAt { get; init; }
    [Id(2)] public string CreatedBy { get; init; } = "";
    /// <summary>The export document (UTF-8 JSON).</summary>
    [Id(3)] public string Json { get; init; } = "";
}
