using MimeKit;

namespace Smgw.Crypto.OpenPgp;

/// <summary>The outcome of verifying one OpenPGP signature (detached PGP/MIME, or inside an encrypted message).</summary>
/// <param name="SignatureValid">The signature is mathematically valid over exactly the signed content, by a key the caller supplied.</param>
/// <param name="KeyId">The issuer key id the signature names.</param>
/// <param name="Signer">The signer's key, when it was among the candidates.</param>
/// <param name="SignedAt">The signature creation time (claimed by the signer).</param>
/// <param name="HashAlgorithm">The digest, e.g. "Sha256".</param>
/// <param name="Problems">Every reason the signature is not fully valid: unknown key, bad signature, weak digest, key revoked/expired/not for signing, address not in a user id.</param>
/// <param name="Content">The signed content (the first part of multipart/signed, or the decrypted entity).</param>
public sealed record OpenPgpVerification(
    bool SignatureValid,
    long KeyId,
    OpenPgpKey? Signer,
    DateTimeOffset? SignedAt,
    string HashAlgorithm,
    IReadOnlyList<string> Problems,
    MimeEntity? Content)
{
    /// <summary>Signature, key and address are all valid.</summary>
    public bool IsValid => SignatureValid && Problems.Count == 0;

    /// <summary>The signer's primary fingerprint, or the issuer key id when the key is unknown.</summary>
    public string SignerId => Signer?.Fingerprint ?? KeyId.ToString("X16");

    /// <summary>The signer's first self-certified user id, or "".</summary>
    public string SignerUserId => Signer?.AllUserIds.FirstOrDefault() ?? "";
}
