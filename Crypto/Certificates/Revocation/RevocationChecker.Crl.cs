using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Ocsp;
using Org.BouncyCastle.X509;
using BcCertificate = Org.BouncyCastle.X509.X509Certificate;

namespace Smgw.Crypto.Certificates.Revocation;

/// <summary>CRL distribution points: download, verify against the issuer, look the serial up.</summary>
public sealed partial class RevocationChecker
{
    private sealed record CrlFetch(X509Crl? Crl, string? Problem);

    private async Task<(RevocationStatus Status, DateTimeOffset Until)> AskCrlAsync(string uri, BcCertificate certificate, BcCertificate issuer, CancellationToken cancellationToken)
    {
        var cached = await GetCachedAsync(_crls, uri, () => FetchCrlAsync(uri), cancellationToken).ConfigureAwait(false);
        return (Judge(cached.Value, uri, certificate, issuer), cached.ValidUntil);
    }

    private RevocationStatus Judge(CrlFetch fetched, string uri, BcCertificate certificate, BcCertificate issuer)
    {
        var source = "CRL " + uri;
        if (fetched.Crl is not { } crl)
        {
            return new(RevocationState.Unknown, source, fetched.Problem ?? "no CRL");
        }
        if (!crl.IssuerDN.Equivalent(issuer.SubjectDN))
        {
            return new(RevocationState.Unknown, source, $"the CRL is issued by {crl.IssuerDN}, not by {issuer.SubjectDN}");
        }
        try
        {
            crl.Verify(issuer.GetPublicKey());
        }
        catch (Exception ex) when (ex is Org.BouncyCastle.Security.InvalidKeyException or Org.BouncyCastle.Security.SignatureException or Org.BouncyCastle.Security.Certificates.CrlException)
        {
            return new(RevocationState.Unknown, source, $"the CRL's signature does not verify with the key of {issuer.SubjectDN}");
        }
        var now = _time.GetUtcNow();
        if (crl.NextUpdate is { } next && next.ToUniversalTime() + ClockSkew < now.UtcDateTime)
        {
            return new(RevocationState.Unknown, source, $"the CRL is stale: its next update was due {next.ToUniversalTime():u}");
        }
        var entry = crl.GetRevokedCertificate(certificate.SerialNumber);
        if (entry is null)
        {
            return new(RevocationState.Good, source, $"not on the CRL of {crl.ThisUpdate.ToUniversalTime():u}");
        }
        var reason = ReasonOf(entry.GetExtensionValue(X509Extensions.ReasonCode));
        var at = Utc(entry.RevocationDate);
        return new(RevocationState.Revoked, source, $"revoked {at:u}{(reason is null ? "" : ", reason " + reason)}", at);
    }

    private async Task<Cached<CrlFetch>> FetchCrlAsync(string uri)
    {
        var now = _time.GetUtcNow();
        var options = _options.Value;
        try
        {
            var bytes = await DownloadAsync(HttpMethod.Get, uri, null, options.MaxCrlBytes).ConfigureAwait(false);
            var crl = new X509CrlParser().ReadCrl(bytes)
                ?? throw new InvalidDataException("the answer is not a CRL");
            var validUntil = now + options.MaxCacheAge;
            if (crl.NextUpdate is { } next)
            {
                var nextUtc = Utc(next);
                // A stale CRL is kept only briefly: the issuer may publish a new one any moment.
                validUntil = nextUtc > now ? Min(validUntil, nextUtc) : now + options.RetryFailedAfter;
            }
            return new(new CrlFetch(crl, null), validUntil);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            var problem = Describe(ex);
            _logger.LogWarning("Revocation: CRL {Uri} could not be fetched: {Problem}", uri, problem);
            return new(new CrlFetch(null, problem), now + options.RetryFailedAfter);
        }
    }
}
