using Smgw.Interfaces.Keys;

namespace Smgw.Grains.Keys;

[GenerateSerializer, Alias("smgw.TlsCertificateState")]
public sealed class TlsCertificateState
{
    [Id(0)] public TlsCertificateRecord? Record { get; set; }
}
