using Smgw.Interfaces.Keys;

namespace Smgw.Grains.Keys;

[GenerateSerializer, Alias("smgw.KeyStoreState")]
public sealed class KeyStoreState
{
    /// <summary>At most one per kind; private keys only as master-key ciphertext.</summary>
    [Id(0)] public List<KeyMaterial> Keys { get; set; } = [];
}
