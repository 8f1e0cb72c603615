using System.ComponentModel.DataAnnotations;

namespace Smgw.Crypto.Certificates.Revocation;

/// <summary>Configuration section <c>Smgw:Revocation</c>: how certificates are checked against CRLs and OCSP.</summary>
public sealed class RevocationOptions : IValidatableObject
{
    public const string Section = "Smgw:Revocation";

    /// <summary>Check revocation at all (default true). Off: certificates are used without asking CRL or OCSP; traces say so.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// What to do when the status cannot be learnt (no responder answered, the CRL could not be
    /// fetched or did not verify, the responder said "unknown"). <see cref="UnknownRevocationAction.Accept"/>
    /// (default, "soft fail") uses the certificate and records why its status is unknown;
    /// <see cref="UnknownRevocationAction.Refuse"/> ("hard fail") treats it as unusable.
    /// A certificate that names neither a CRL nor an OCSP responder is not affected.
    /// </summary>
    public UnknownRevocationAction WhenUnknown { get; set; } = UnknownRevocationAction.Accept;

    /// <summary>Time limit for one CRL download or OCSP request.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Longest time an answer is reused when it names no next update (and an upper bound for those that do).</summary>
    public TimeSpan MaxCacheAge { get; set; } = TimeSpan.FromHours(24);

    /// <summary>
    /// An OCSP answer that names no next update is believed only this long after its thisUpdate
    /// (and reused no longer): an old "good" answer could be a replay.
    /// </summary>
    public TimeSpan OcspMaxAge { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// Every OCSP request carries a nonce (RFC 8954), and an answer that echoes a different one is
    /// refused. True: an answer without the nonce is refused too (responders that pre-produce
    /// answers, RFC 5019, then never count); default false: such answers count within their validity.
    /// </summary>
    public bool RequireOcspNonce { get; set; }

    /// <summary>After a failed fetch, the same URL is not asked again for this long (every message would wait for a dead responder otherwise).</summary>
    public TimeSpan RetryFailedAfter { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Largest CRL accepted, in bytes.</summary>
    [Range(1024, 512 * 1024 * 1024, ErrorMessage = "Smgw:Revocation:MaxCrlBytes must be between {1} and {2}.")]
    public long MaxCrlBytes { get; set; } = 64L * 1024 * 1024;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Timeout <= TimeSpan.Zero || Timeout > TimeSpan.FromMinutes(2))
        {
            yield return new ValidationResult("Smgw:Revocation:Timeout must be positive and at most 00:02:00.", [nameof(Timeout)]);
        }
        if (MaxCacheAge <= TimeSpan.Zero)
        {
            yield return new ValidationResult("Smgw:Revocation:MaxCacheAge must be positive.", [nameof(MaxCacheAge)]);
        }
        if (OcspMaxAge <= TimeSpan.Zero)
        {
            yield return new ValidationResult("Smgw:Revocation:OcspMaxAge must be positive.", [nameof(OcspMaxAge)]);
        }
        if (RetryFailedAfter < TimeSpan.Zero)
        {
            yield return new ValidationResult("Smgw:Revocation:RetryFailedAfter must not be negative.", [nameof(RetryFailedAfter)]);
        }
        if (!Enum.IsDefined(WhenUnknown))
        {
            yield return new ValidationResult("Smgw:Revocation:WhenUnknown must be Accept or Refuse.", [nameof(WhenUnknown)]);
        }
    }
}

/// <summary>What becomes of a certificate whose revocation status cannot be learnt.</summary>
public enum UnknownRevocationAction
{
    /// <summary>Soft fail: use it, and say why its status is unknown.</summary>
    Accept = 0,

    /// <summary>Hard fail: do not use it.</summary>
    Refuse = 1,
}
