namespace Smgw.Grains.Tenants;

[GenerateSerializer, Alias("smgw.TenantDocumentState")]
public sealed class TenantDocumentState
{
    [Id(0)] public byte[]? Content { get; set; }
}
