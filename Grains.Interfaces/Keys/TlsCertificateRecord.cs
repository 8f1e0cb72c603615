namespace Smgw.Interfaces.Keys;

/// <summary>A tenant's uploaded TLS server certificate as stored and shown: public data only.</summary>
[GenerateSerializer, Immutable, Alias("smgw.keys.TlsCertificateRecord")]
public sealed record TlsCertificateRecord
{
    /// <summary>The server's certificate (PEM).</summary>
    [Id(0)] public string CertificatePem { get; init; } = "";
    /// <summary>Intermediate certificates uploaded with it (PEM), in the order given.</summary>
    [Id(1)] public IReadOnlyList<string> ChainPem { get; init; } = [];
    [Id(2)] public string Subject { get; init; } = "";
    [Id(3)] public string Issuer { get; init; } = "";
    /// <summary>SHA-256 of the DER certificate, hex.</summary>
    [Id(4)] public string Thumbprint { get; init; } = "";
    [Id(5)] public DateTimeOffset NotAfter { get; init; }
    /// <summary>The DNS names (and IP addresses) in its subject alternative names.</summary>
    [Id(6)] public IReadOnlyList<string> Names { get; init; } = [];
    [Id(7)] public DateTimeOffset UploadedUtc { get; init; }
    [Id(8)] public string UploadedBy { get; init; } = "";
}
