namespace Smgw.Interfaces.Keys;

/// <summary>
/// A certificate to store, already parsed and checked by the caller: DER of the certificate, and
/// for <see cref="KeyKind.Organisation"/> the PKCS #8 private key, encrypted with the gateway's
/// master key (<c>SecretProtector</c>, purpose <c>smime-private-key</c>) before it crosses a grain boundary.
/// </summary>
[GenerateSerializer, Immutable, Alias("smgw.keys.KeyImport")]
public sealed record KeyImport
{
    [Id(0)] public KeyKind Kind { get; init; }
    [Id(1)] public string CertificatePem { get; init; } = "";
    [Id(2)] public byte[]? ProtectedPrivateKey { get; init; }
    [Id(3)] public string Source { get; init; } = "imported";
    [Id(4)] public string ImportedBy { get; init; } = "";
}
