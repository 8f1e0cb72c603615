namespace Smgw.Interfaces.Models;

/// <summary>All tenants as the SMTP frontends see them; refreshed periodically, never read per message.</summary>
[GenerateSerializer, Immutable, Alias("smgw.TenantDirectorySnapshot")]
public sealed record TenantDirectorySnapshot
{
    [Id(0)] public long Version { get; init; }
    [Id(1)] public IReadOnlyList<TenantConfig> Tenants { get; init; } = [];
}
