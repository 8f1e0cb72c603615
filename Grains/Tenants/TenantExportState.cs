using Smgw.Interfaces.Tenants;

namespace Smgw.Grains.Tenants;

[GenerateSerializer, Alias("smgw.TenantExportState")]
public sealed class TenantExportState
{
    [Id(0)] public TenantExport? Export { get; set; }
}
