namespace Smgw.Interfaces.Keys;

/// <summary>
/// What the policy stage needs to use a certificate: the entry and, for an organisation
/// certificate, the private key still encrypted under the master key. Never returned by the API.
/// </summary>
[GenerateSerializer, Immutable, Alias("smgw.keys.KeyMaterial")]
public sealed record KeyMaterial
{
    [Id(0)] public KeyEntry Entry { get; init; } = new();
    [Id(1)] public byte[]? ProtectedPrivateKey { get; init; }
}
