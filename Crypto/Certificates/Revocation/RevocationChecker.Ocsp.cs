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

/// <summary>OCSP: ask the responder, verify the answer (issuer or delegated responder), cache until its next update.</summary>
public sealed partial class RevocationChecker
{
    private async Task<(RevocationStatus Status, DateTimeOffset Until)> AskOcspAsync(string uri, BcCertificate certificate, BcCertificate issuer, CancellationToken cancellationToken)
    {
        var id = new CertificateID(CertificateID.DigestSha1, issuer, certificate.SerialNumber);
        var key = $"{uri}|{Convert.ToHexString(id.GetIssuerKeyHash())}|{certificate.SerialNumber.ToString(16)}";
        var cached = await GetCachedAsync(_ocsp, key, () => FetchOcspAsync(uri, id, issuer), cancellationToken).ConfigureAwait(false);
        var answer = cached.Value;
        var now = _time.GetUtcNow();
        if (answer.NextUpdate is { } due && due + ClockSkew < now)
        {
            return (new(RevocationState.Unknown, answer.Status.Source, $"the OCSP answer is stale: its next update was due {due:u}"), cached.ValidUntil);
        }
        if (answer.NextUpdate is null && answer.ThisUpdate is { } produced && produced + _options.Value.OcspMaxAge + ClockSkew < now)
        {
            return (new(RevocationState.Unknown, answer.Status.Source, $"the OCSP answer names no next update and is older than {_options.Value.OcspMaxAge} (of {produced:u})"), cached.ValidUntil);
        }
        return (answer.Status, cached.ValidUntil);
    }

    /// <summary>A verified OCSP answer (or why there is none), when it was made and when the responder promised the next.</summary>
    private sealed record OcspAnswer(RevocationStatus Status, DateTimeOffset? NextUpdate = null, DateTimeOffset? ThisUpdate = null);

    private async Task<Cached<OcspAnswer>> FetchOcspAsync(string uri, CertificateID id, BcCertificate issuer)
    {
        var now = _time.GetUtcNow();
        var options = _options.Value;
        var source = "OCSP " + uri;
        Cached<OcspAnswer> Failed(string problem)
        {
            _logger.LogWarning("Revocation: OCSP responder {Uri}: {Problem}", uri, problem);
            return new(new OcspAnswer(new RevocationStatus(RevocationState.Unknown, source, problem)), now + options.RetryFailedAfter);
        }

        try
        {
            var generator = new OcspReqGenerator();
            generator.AddRequest(id);
            // RFC 8954: a fresh nonce, so that an old answer cannot be replayed for this request.
            var nonce = System.Security.Cryptography.RandomNumberGenerator.GetBytes(16);
            generator.SetRequestExtensions(new X509Extensions(new Dictionary<DerObjectIdentifier, Org.BouncyCastle.Asn1.X509.X509Extension>
            {
                [Org.BouncyCastle.Asn1.Ocsp.OcspObjectIdentifiers.PkixOcspNonce] = new Org.BouncyCastle.Asn1.X509.X509Extension(false, new DerOctetString(new DerOctetString(nonce))),
            }));
            var request = generator.Generate().GetEncoded();
            var bytes = await DownloadAsync(HttpMethod.Post, uri, request, 1024 * 1024).ConfigureAwait(false);
            var response = new OcspResp(bytes);
            if (response.Status != OcspRespStatus.Successful)
            {
                return Failed($"the responder answered status {response.Status} ({OcspStatusName(response.Status)})");
            }
            if (response.GetResponseObject() is not BasicOcspResp basic)
            {
                return Failed("the responder's answer is not a basic OCSP response");
            }
            if (!SignedByIssuerOrDelegate(basic, issuer, now))
            {
                return Failed($"the answer is signed neither by {issuer.SubjectDN} nor by a responder it authorised");
            }
            if (NonceProblem(basic, nonce, options.RequireOcspNonce) is { } nonceProblem)
            {
                return Failed(nonceProblem);
            }
            var single = basic.Responses.FirstOrDefault(r => r.GetCertID().SerialNumber.Equals(id.SerialNumber) && r.GetCertID().MatchesIssuer(issuer));
            if (single is null)
            {
                return Failed("the answer does not mention the certificate asked about");
            }
            var thisUpdate = Utc(single.ThisUpdate);
            if (thisUpdate - ClockSkew > now)
            {
                return Failed($"the answer is dated in the future ({thisUpdate:u})");
            }
            DateTimeOffset? nextUpdate = single.NextUpdate is { } n ? Utc(n) : null;
            if (nextUpdate is { } due && due + ClockSkew < now)
            {
                return Failed($"the answer is stale: its next update was due {due:u}");
            }
            if (nextUpdate is null && thisUpdate + options.OcspMaxAge + ClockSkew < now)
            {
                return Failed($"the answer names no next update and is older than {options.OcspMaxAge} (of {thisUpdate:u})");
            }
            var validUntil = Min(now + options.MaxCacheAge, nextUpdate ?? thisUpdate + options.OcspMaxAge);
            switch (single.GetCertStatus())
            {
                case null:
                    return new(new OcspAnswer(new RevocationStatus(RevocationState.Good, source, $"good as of {thisUpdate:u}"), nextUpdate, thisUpdate), validUntil);
                case RevokedStatus revoked:
                    var at = Utc(revoked.RevocationTime);
                    var reason = revoked.HasRevocationReason ? ReasonName(revoked.RevocationReason) : null;
                    return new(new OcspAnswer(new RevocationStatus(RevocationState.Revoked, source, $"revoked {at:u}{(reason is null ? "" : ", reason " + reason)}", at)), validUntil);
                default:
                    return Failed("the responder does not know the certificate");
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return Failed(Describe(ex));
        }
    }

    /// <summary>Why the answer's nonce does not prove it answers this request, or null: it echoes ours, or it has none and none is required.</summary>
    private static string? NonceProblem(BasicOcspResp basic, byte[] nonce, bool required)
    {
        var extension = basic.GetExtensionValue(Org.BouncyCastle.Asn1.Ocsp.OcspObjectIdentifiers.PkixOcspNonce);
        if (extension is null)
        {
            return required ? "the answer carries no nonce (Smgw:Revocation:RequireOcspNonce)" : null;
        }
        try
        {
            var echoed = Asn1OctetString.GetInstance(Asn1Object.FromByteArray(extension.GetOctets())).GetOctets();
            return echoed.AsSpan().SequenceEqual(nonce) ? null : "the answer's nonce is not the one sent: a replayed or misdirected answer";
        }
        catch (Exception e) when (e is ArgumentException or IOException or InvalidCastException)
        {
            return "the answer's nonce cannot be read";
        }
    }

    private static bool SignedByIssuerOrDelegate(BasicOcspResp basic, BcCertificate issuer, DateTimeOffset now)
    {
        if (Verifies(basic, issuer))
        {
            return true;
        }
        foreach (var responder in basic.GetCerts() ?? [])
        {
            try
            {
                responder.Verify(issuer.GetPublicKey());
            }
            catch (Exception)
            {
                continue;
            }
            var delegated = responder.GetExtendedKeyUsage()?.Any(o => o.Id == OcspSigningOid) == true;
            if (delegated && responder.IsValid(now.UtcDateTime) && Verifies(basic, responder))
            {
                return true;
            }
        }
        return false;

        static bool Verifies(BasicOcspResp basic, BcCertificate signer)
        {
            try
            {
                return basic.Verify(signer.GetPublicKey());
            }
            catch (Exception)
            {
                return false;
            }
        }
    }


    private static string OcspStatusName(int status) => status switch
    {
        OcspRespStatus.MalformedRequest => "malformed request",
        OcspRespStatus.InternalError => "internal error",
        OcspRespStatus.TryLater => "try later",
        OcspRespStatus.SigRequired => "signature required",
        OcspRespStatus.Unauthorized => "unauthorized",
        _ => "unknown",
    };
}
