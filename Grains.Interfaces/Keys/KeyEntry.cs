namespace Smgw.Interfaces.Keys;

/// <summary>
/// A stored certificate or OpenPGP key as the API shows it: public data only, never private key
/// material. For OpenPGP keys <see cref="Subject"/> is the first user id, <see cref="Thumbprint"/>
/// the fingerprint, <see cref="NotAfter"/> the expiry (<see cref="DateTimeOffset.MaxValue"/>: none).
/// </summary>
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
    /// <summary>Where it came from: "imported" (by an admin), "harvested" (from a verified inbound signature), "wkd" (Web Key Directory).</summary>
    [Id(7)] public string Source { get; init; } = "";
    [Id(8)] public DateTimeOffset ImportedUtc { get; init; }
    /// <summary>Who imported it (the API principal's name).</summary>
    [Id(9)] public string ImportedBy { get; init; } = "";
    /// <summary>OpenPGP: the public key, ASCII-armoured (empty for certificates).</summary>
    [Id(10)] public string OpenPgpKey { get; init; } = "";
    /// <summary>OpenPGP: "usable" or why not, as validated when stored (the policy stage validates again per message).</summary>
    [Id(11)] public string Validity { get; init; } = "";
    /// <summary>
    /// Empty: gateway-wide (staff imports, a tenant's own keys, harvested and WKD keys). Otherwise the
    /// tenant whose administrator imported this correspondent's key: it applies to that tenant's mail only.
    /// </summary>
    [Id(12)] public string TenantId { get; init; } = "";
}
