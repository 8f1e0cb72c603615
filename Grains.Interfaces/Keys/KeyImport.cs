namespace Smgw.Interfaces.Keys;

/// <summary>
/// A certificate to store, already parsed and checked by the caller: DER of the certificate, and
/// for <see cref="KeyKind.Organisation"/> and <see cref="KeyKind.Personal"/> the PKCS #8 private key, encrypted with the gateway's
/// master key (<c>SecretProtector</c>, purpose <c>smime-private-key</c>) before it crosses a grain boundary.
/// OpenPGP: <see cref="OpenPgpKey"/> is the armoured public key; for <see cref="KeyKind.OpenPgpSecret"/>
/// <see cref="ProtectedPrivateKey"/> is the unprotected binary secret key ring encrypted under the
/// master key (purpose <c>openpgp-private-key</c>).
/// </summary>
[GenerateSerializer, Immutable, Alias("smgw.keys.KeyImport")]
public sealed record KeyImport
{
    [Id(0)] public KeyKind Kind { get; init; }
    [Id(1)] public string CertificatePem { get; init; } = "";
    [Id(2)] public byte[]? ProtectedPrivateKey { get; init; }
    [Id(3)] public string Source { get; init; } = "imported";
    [Id(4)] public string ImportedBy { get; init; } = "";
    [Id(5)] public string OpenPgpKey { get; init; } = "";
}
