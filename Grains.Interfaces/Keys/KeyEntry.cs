namespace Smgw.Interfaces.Keys;

/// <summary>A stored certificate as the API shows it: public data only, never private key material.</summary>
[GenerateSerializer, Immutable, Alias("smgw.keys.KeyEntry")]
public sealed record KeyEntry
{
    /// <summary>Lower-case address or domain.</summary>
    [Id(0)] public string Owner { get; init; } = "";
    [Id(1)] public KeyKind Kind { get; init; }
    [Id(2)] public string CertificatePem { get; init; } = "";
    [Id(3)] public string Subject { get; init; } = "";
    [Id(4)] public string Thumbprint { get; init; } = "";
    [Id(5)] public DateTimeOffset NotAfter { get; init; }
    /// <summary>The gateway holds the private key (encrypted under the master key).</summary>
    [Id(6)] public bool HasPrivateKey { get; init; }
    /// <summary>Where it came from: "imported" (by an admin); later "harvested", "wkd".</summary>
    [Id(7)] public string Source { get; init; } = "";
    [Id(8)] public DateTimeOffset ImportedUtc { get; init; }
    /// <summary>Who imported it (the API principal's name).</summary>
    [Id(9)] public string ImportedBy { get; init; } = "";
}
