namespace Smgw.Grains.Keys;

[GenerateSerializer, Alias("smgw.TrustAnchorsState")]
public sealed class TrustAnchorsState
{
    [Id(0)] public List<string> CertificatesPem { get; set; } = [];
}
