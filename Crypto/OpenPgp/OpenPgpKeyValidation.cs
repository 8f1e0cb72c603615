using Org.BouncyCastle.Bcpg.OpenPgp;

namespace Smgw.Crypto.OpenPgp;

/// <summary>The outcome of validating an OpenPGP key at one moment for one owner.</summary>
/// <param name="Fingerprint">The primary key's fingerprint (hex).</param>
/// <param name="Problem">Why the key is not usable at all, or <see cref="OpenPgpKeyProblem.None"/>.</param>
/// <param name="Detail">The problem in words (e.g. "expired 2025-01-01"), or notes on skipped subkeys.</param>
/// <param name="UserIds">The user ids with a valid self-certification that is not revoked.</param>
/// <param name="Expires">When the primary key expires, if it does.</param>
/// <param name="EncryptionKey">The newest valid encryption-capable (sub)key, or null.</param>
/// <param name="SigningKeys">The valid signing-capable keys (primary and/or subkeys).</param>
public sealed record OpenPgpKeyValidation(
    string Fingerprint,
    OpenPgpKeyProblem Problem,
    string Detail,
    IReadOnlyList<string> UserIds,
    DateTimeOffset? Expires,
    PgpPublicKey? EncryptionKey,
    IReadOnlyList<PgpPublicKey> SigningKeys)
{
    /// <summary>Valid and has an encryption subkey.</summary>
    public bool CanEncrypt => Problem == OpenPgpKeyProblem.None && EncryptionKey is not null;

    /// <summary>Valid and has a signing key.</summary>
    public bool CanSign => Problem == OpenPgpKeyProblem.None && SigningKeys.Count > 0;

    /// <summary>For encryption: the problem, or <see cref="OpenPgpKeyProblem.NoUsableSubkey"/> when valid but without an encryption subkey.</summary>
    public OpenPgpKeyProblem EncryptionProblem => Problem != OpenPgpKeyProblem.None ? Problem : EncryptionKey is null ? OpenPgpKeyProblem.NoUsableSubkey : OpenPgpKeyProblem.None;

    /// <summary>Words for the trace: the problem detail, or "no valid encryption subkey".</summary>
    public string EncryptionDetail => Problem != OpenPgpKeyProblem.None ? Detail
        : EncryptionKey is null ? "no valid encryption subkey" + (Detail.Length > 0 ? $" ({Detail})" : "") : "";
}
