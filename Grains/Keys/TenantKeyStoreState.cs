using Smgw.Interfaces.Keys;

namespace Smgw.Grains.Keys;

[GenerateSerializer, Alias("smgw.TenantKeyStoreState")]
public sealed class TenantKeyStoreState
{
    /// <summary>By lower-case owner (address or domain): at most one key per kind, public keys only.</summary>
    [Id(0)] public Dictionary<string, List<KeyMaterial>> Keys { get; set; } = [];
}
