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

/// <summary>
/// Asks the CRL distribution points and OCSP responders a certificate names whether it is
/// revoked: OCSP first (fresher), then the CRL. Answers are verified against the issuer (a CRL
/// signed by the issuer; an OCSP response signed by the issuer or by a responder certificate the
/// issuer delegated with id-kp-OCSPSigning) and cached until their next update (at most
/// <see cref="RevocationOptions.MaxCacheAge"/>); a failed fetch is not repeated for
/// <see cref="RevocationOptions.RetryFailedAfter"/>. Concurrent checks of the same URL share one
/// download. Thread-safe; one instance per process.
/// </summary>
public sealed class RevocationChecker
{
    private const string OcspSigningOid = "1.3.6.1.5.5.7.3.9";
    private static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    private readonly HttpClient _http;
    private readonly IOptions<RevocationOptions> _options;
    private readonly TimeProvider _time;
    private readonly ILogger<RevocationChecker> _logger;
    private readonly ConcurrentDictionary<string, Lazy<Task<Cached<CrlFetch>>>> _crls = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Lazy<Task<Cached<OcspAnswer>>>> _ocsp = new(StringComparer.Ordinal);
    private long _fetches;

    public RevocationChecker(HttpClient http, IOptions<RevocationOptions> options, TimeProvider time, ILogger<RevocationChecker> logger)
    {
        _http = http;
        _options = options;
        _time = time;
        _logger = logger;
    }

    /// <summary>How many CRL downloads and OCSP requests were made (cache misses), for metrics and tests.</summary>
    public long Fetches => Interlocked.Read(ref _fetches);

    public RevocationOptions Options => _options.Value;

    /// <summary>
    /// Checks every certificate of <paramref name="certificate"/>'s chain to one of
    /// <paramref name="anchors"/> (the anchor itself excepted) and returns what was learnt, with
    /// the findings that make the certificate unusable: a revoked one, or an unknown status when
    /// <see cref="RevocationOptions.WhenUnknown"/> is Refuse. A chain that does not build yields
    /// no revocation findings: the chain validation reports that.
    /// </summary>
    public async Task<ChainRevocation> CheckChainAsync(
        X509Certificate2 certificate,
        X509Certificate2Collection anchors,
        X509Certificate2Collection? intermediates = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        ArgumentNullException.ThrowIfNull(anchors);
        if (!_options.Value.Enabled)
        {
            return new ChainRevocation([new(certificate.Subject, new(RevocationState.NotChecked, "", "revocation checking is off (Smgw:Revocation:Enabled)"))], []);
        }

        var pairs = BuildChain(certificate, anchors, intermediates);
        var results = new List<ChainElementRevocation>();
        var findings = new List<CertificateFinding>();
        try
        {
            foreach (var (subject, issuer) in pairs)
            {
                var status = await CheckAsync(subject, issuer, cancellationToken).ConfigureAwait(false);
                results.Add(new(subject.Subject, status));
                if (status.State == RevocationState.Revoked)
                {
                    findings.Add(new(CertificateProblem.Revoked, $"{subject.Subject} is revoked: {status.Detail} ({status.Source})"));
                }
                else if (status.State == RevocationState.Unknown && _options.Value.WhenUnknown == UnknownRevocationAction.Refuse)
                {
                    findings.Add(new(CertificateProblem.RevocationUnknown,
                        $"{subject.Subject}: revocation status unknown and Smgw:Revocation:WhenUnknown is Refuse: {status.Detail}"));
                }
            }
        }
        finally
        {
            foreach (var (subject, issuer) in pairs)
            {
                if (!ReferenceEquals(subject, certificate))
                {
                    subject.Dispose();
                }
                issuer.Dispose();
            }
        }
        return new ChainRevocation(results, findings);
    }

    /// <summary>The revocation status of <paramref name="certificate"/>, issued by <paramref name="issuer"/>.</summary>
    public async Task<RevocationStatus> CheckAsync(X509Certificate2 certificate, X509Certificate2 issuer, CancellationToken cancellationToken = default)
    {
        if (!_options.Value.Enabled)
        {
            return new(RevocationState.NotChecked, "", "revocation checking is off (Smgw:Revocation:Enabled)");
        }
        var (ocspUris, crlUris) = RevocationSources.Of(certificate);
        if (ocspUris.Count == 0 && crlUris.Count == 0)
        {
            return new(RevocationState.NotChecked, "", "the certificate names no OCSP responder and no HTTP CRL distribution point");
        }

        var bcCertificate = new X509CertificateParser().ReadCertificate(certificate.RawData);
        var bcIssuer = new X509CertificateParser().ReadCertificate(issuer.RawData);
        var problems = new List<string>();
        foreach (var uri in ocspUris)
        {
            var status = await AskOcspAsync(uri, bcCertificate, bcIssuer, cancellationToken).ConfigureAwait(false);
            if (status.State is RevocationState.Good or RevocationState.Revoked)
            {
                return status;
            }
            problems.Add($"OCSP {uri}: {status.Detail}");
        }
        foreach (var uri in crlUris)
        {
            var status = await AskCrlAsync(uri, bcCertificate, bcIssuer, cancellationToken).ConfigureAwait(false);
            if (status.State is RevocationState.Good or RevocationState.Revoked)
            {
                return status;
            }
            problems.Add($"CRL {uri}: {status.Detail}");
        }
        return new(RevocationState.Unknown, "", string.Join("; ", problems));
    }

    private List<(X509Certificate2 Subject, X509Certificate2 Issuer)> BuildChain(
        X509Certificate2 certificate, X509Certificate2Collection anchors, X509Certificate2Collection? intermediates)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(anchors);
        if (intermediates is not null)
        {
            chain.ChainPolicy.ExtraStore.AddRange(intermediates);
        }
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.DisableCertificateDownloads = true;
        chain.ChainPolicy.VerificationTime = _time.GetUtcNow().UtcDateTime;
        chain.ChainPolicy.VerificationFlags = X509VerificationFlags.IgnoreNotTimeValid;
        chain.Build(certificate);

        // Pairs (certificate, its issuer) up to the anchor; the anchor itself is trusted as configured.
        var elements = chain.ChainElements.Select(e => e.Certificate).ToList();
        var pairs = new List<(X509Certificate2, X509Certificate2)>();
        for (var i = 0; i + 1 < elements.Count; i++)
        {
            pairs.Add((i == 0 ? certificate : elements[i], elements[i + 1]));
        }
        if (elements.Count > 0 && !ReferenceEquals(elements[0], certificate))
        {
            elements[0].Dispose(); // the chain's own copy of the end entity; the caller's is used instead
        }
        return pairs;
    }

    // ---- CRL -------------------------------------------------------------------------------

    private sealed record CrlFetch(X509Crl? Crl, string? Problem);

    private async Task<RevocationStatus> AskCrlAsync(string uri, BcCertificate certificate, BcCertificate issuer, CancellationToken cancellationToken)
    {
        var fetched = await GetCachedAsync(_crls, uri, () => FetchCrlAsync(uri), cancellationToken).ConfigureAwait(false);
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
        var at = new DateTimeOffset(DateTime.SpecifyKind(entry.RevocationDate.ToUniversalTime(), DateTimeKind.Utc));
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
                var nextUtc = new DateTimeOffset(DateTime.SpecifyKind(next.ToUniversalTime(), DateTimeKind.Utc));
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

    // ---- OCSP ------------------------------------------------------------------------------

    private async Task<RevocationStatus> AskOcspAsync(string uri, BcCertificate certificate, BcCertificate issuer, CancellationToken cancellationToken)
    {
        var id = new CertificateID(CertificateID.DigestSha1, issuer, certificate.SerialNumber);
        var key = $"{uri}|{Convert.ToHexString(id.GetIssuerKeyHash())}|{certificate.SerialNumber.ToString(16)}";
        var answer = await GetCachedAsync(_ocsp, key, () => FetchOcspAsync(uri, id, issuer), cancellationToken).ConfigureAwait(false);
        return answer.NextUpdate is { } due && due + ClockSkew < _time.GetUtcNow()
            ? new(RevocationState.Unknown, answer.Status.Source, $"the OCSP answer is stale: its next update was due {due:u}")
            : answer.Status;
    }

    /// <summary>A verified OCSP answer (or why there is none) and when the responder promised the next.</summary>
    private sealed record OcspAnswer(RevocationStatus Status, DateTimeOffset? NextUpdate = null);

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
            var validUntil = Min(now + options.MaxCacheAge, nextUpdate ?? DateTimeOffset.MaxValue);
            switch (single.GetCertStatus())
            {
                case null:
                    return new(new OcspAnswer(new RevocationStatus(RevocationState.Good, source, $"good as of {thisUpdate:u}"), nextUpdate), validUntil);
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

    // ---- shared ----------------------------------------------------------------------------

    private sealed record Cached<T>(T Value, DateTimeOffset ValidUntil);

    private async Task<T> GetCachedAsync<T>(
        ConcurrentDictionary<string, Lazy<Task<Cached<T>>>> cache, string key, Func<Task<Cached<T>>> fetch, CancellationToken cancellationToken)
    {
        while (true)
        {
            var lazy = cache.GetOrAdd(key, _ => new Lazy<Task<Cached<T>>>(() =>
            {
                Interlocked.Increment(ref _fetches);
                return fetch();
            }));
            // The download is shared and bounded by its own timeout; this caller may stop waiting.
            var cached = await lazy.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
            if (cached.ValidUntil > _time.GetUtcNow())
            {
                return cached.Value;
            }
            cache.TryRemove(new KeyValuePair<string, Lazy<Task<Cached<T>>>>(key, lazy));
        }
    }

    private async Task<byte[]> DownloadAsync(HttpMethod method, string uri, byte[]? body, long maxBytes)
    {
        using var timeout = new CancellationTokenSource(_options.Value.Timeout);
        using var request = new HttpRequestMessage(method, uri);
        if (body is not null)
        {
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/ocsp-request");
        }
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw new HttpRequestException($"HTTP {(int)response.StatusCode} {response.ReasonPhrase}");
            }
            if (response.Content.Headers.ContentLength > maxBytes)
            {
                throw new InvalidDataException($"the answer is larger than {maxBytes} bytes");
            }
            await using var stream = await response.Content.ReadAsStreamAsync(timeout.Token).ConfigureAwait(false);
            using var buffer = new MemoryStream();
            var chunk = new byte[81920];
            int read;
            while ((read = await stream.ReadAsync(chunk, timeout.Token).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + read > maxBytes)
                {
                    throw new InvalidDataException($"the answer is larger than {maxBytes} bytes");
                }
                buffer.Write(chunk, 0, read);
            }
            return buffer.ToArray();
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            throw new TimeoutException($"no answer within {_options.Value.Timeout.TotalSeconds:0.#} s (Smgw:Revocation:Timeout)");
        }
    }

    private static string Describe(Exception ex) => ex switch
    {
        HttpRequestException { InnerException: { } inner } => inner.Message,
        TimeoutException or HttpRequestException or InvalidDataException => ex.Message,
        _ => $"unreadable answer ({ex.GetType().Name}: {ex.Message})",
    };

    private static string? ReasonOf(Asn1OctetString? extension)
    {
        if (extension is null)
        {
            return null;
        }
        var code = DerEnumerated.GetInstance(Asn1Object.FromByteArray(extension.GetOctets()));
        return ReasonName(code.IntValueExact);
    }

    private static string ReasonName(int code) => code switch
    {
        CrlReason.Unspecified => "unspecified",
        CrlReason.KeyCompromise => "key compromise",
        CrlReason.CACompromise => "CA compromise",
        CrlReason.AffiliationChanged => "affiliation changed",
        CrlReason.Superseded => "superseded",
        CrlReason.CessationOfOperation => "cessation of operation",
        CrlReason.CertificateHold => "certificate hold",
        CrlReason.RemoveFromCrl => "removed from CRL",
        CrlReason.PrivilegeWithdrawn => "privilege withdrawn",
        CrlReason.AACompromise => "AA compromise",
        _ => $"code {code}",
    };

    private static string OcspStatusName(int status) => status switch
    {
        OcspRespStatus.MalformedRequest => "malformed request",
        OcspRespStatus.InternalError => "internal error",
        OcspRespStatus.TryLater => "try later",
        OcspRespStatus.SigRequired => "signature required",
        OcspRespStatus.Unauthorized => "unauthorized",
        _ => "unknown",
    };

    private static DateTimeOffset Utc(DateTime value) =>
        new(DateTime.SpecifyKind(value.Kind == DateTimeKind.Local ? value.ToUniversalTime() : value, DateTimeKind.Utc));

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}

/// <summary>The revocation status of one certificate of a chain.</summary>
public sealed record ChainElementRevocation(string Subject, RevocationStatus Status);

/// <summary>The revocation statuses of a chain, and the findings that make its end entity unusable.</summary>
public sealed record ChainRevocation(IReadOnlyList<ChainElementRevocation> Elements, IReadOnlyList<CertificateFinding> Findings)
{
    /// <summary>One line for a decision trace: what was learnt about each certificate.</summary>
    public string Summary => string.Join("; ", Elements.Select(e => $"{e.Subject}: {e.Status}"));
}
