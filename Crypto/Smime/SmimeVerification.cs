using System.Security.Cryptography.X509Certificates;
using MimeKit;
using Smgw.Crypto.Certificates;

namespace Smgw.Crypto.Smime;

/// <summary>The outcome of verifying an S/MIME signature (multipart/signed or opaque signed-data).</summary>
/// <param name="SignatureValid">The signature is mathematically valid over exactly the signed content.</param>
/// <param name="SignatureError">Why not, when <see cref="SignatureValid"/> is false.</param>
/// <param name="Signer">The signer's certificate, when the signature names one that is included.</param>
/// <param name="SigningTime">The signingTime signed attribute (claimed by the signer), if present.</param>
/// <param name="DigestAlgorithm">The digest algorithm OID of the signature.</param>
/// <param name="Certificate">Validation of the signer's certificate against the given trust anchors, purpose e-mail signing.</param>
/// <param name="Content">The signed content (the first part, or the encapsulated entity of opaque signed-data).</param>
/// <param name="SignerCapabilities">Content-encryption OIDs the signer advertised (SMIMECapabilities), best first; empty if none.</param>
public sealed record SmimeVerification(
    bool SignatureValid,
    string? SignatureError,
    X509Certificate2? Signer,
    DateTimeOffset? SigningTime,
    string? DigestAlgorithm,
    CertificateValidation? Certificate,
    MimeEntity? Content,
    IReadOnlyList<string> SignerCapabilities)
{
    /// <summary>The certificates the signature carried (the signer's intermediates among them), for a revocation check of its chain.</summary>
    public X509Certificate2Collection Included { get; init; } = [];

    /// <summary>
    /// The broken digest the signature rests on ("MD5", "SHA-1", "MD2"; its digest or its signature
    /// algorithm), or null. Collisions make such a signature forgeable: it is not valid unless the
    /// policy accepts weak digests (<see cref="IsValidAcceptingWeakDigest"/>).
    /// </summary>
    public string? WeakDigest { get; init; }

    /// <summary>The signer's certificate chains to a trust anchor and is in its validity period.</summary>
    public bool ChainValid => Certificate?.ChainValid == true;

    /// <summary>The expected address (the From address) is in the signer's certificate.</summary>
    public bool AddressMatches => Certificate?.AddressMatches == true;

    /// <summary>Signature, digest, chain, key usage and address are all valid.</summary>
    public bool IsValid => IsValidAcceptingWeakDigest && WeakDigest is null;

    /// <summary>Valid but for a weak digest (for a policy that accepts them).</summary>
    public bool IsValidAcceptingWeakDigest => SignatureValid && Certificate?.IsValid == true;

    /// <summary>Every reason the signature is not fully valid, for the decision trace.</summary>
    public IReadOnlyList<string> Reasons
    {
        get
        {
            var reasons = new List<string>();
            if (!SignatureValid)
            {
                reasons.Add($"BadSignature: {SignatureError}");
            }

            if (WeakDigest is not null)
            {
                reasons.Add($"WeakDigest: {WeakDigest}");
            }

            if (Certificate is not null)
            {
                reasons.AddRange(Certificate.Findings.Select(f => f.ToString()));
            }

            return reasons;
        }
    }
}
