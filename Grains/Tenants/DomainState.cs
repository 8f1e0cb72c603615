namespace Smgw.Grains.Tenants;

[GenerateSerializer, Alias("smgw.DomainState")]
public sealed class DomainState
{
    [Id(0)] public string? Owner { get; set; }
}
