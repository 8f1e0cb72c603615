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
public sealed partial class RevocationChecker
{
    private const string OcspSigningOid = "1.3.6.1.5.5.7.3.9";
    private static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    /// <summary>How long a chain's answer is reused at most, even when every answer it rests on lasts longer (the chain itself may change: intermediates expire).</summary>
    private static readonly TimeSpan ChainCacheTime = TimeSpan.FromMinutes(1);

    /// <summary>Beyond this many cached chain answers, the expired ones are dropped.</summary>
    private const int MaxCachedChains = 10_000;

    private readonly HttpClient _http;
    private readonly IOptions<RevocationOptions> _options;
    private readonly TimeProvider _time;
    private readonly ILogger<RevocationChecker> _logger;
    private readonly ConcurrentDictionary<string, Lazy<Task<Cached<CrlFetch>>>> _crls = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Lazy<Task<Cached<OcspAnswer>>>> _ocsp = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Cached<ChainRevocation>> _chains = new(StringComparer.Ordinal);
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

        var now = _time.GetUtcNow();
        var key = ChainKey(certificate, anchors, intermediates);
        if (_chains.TryGetValue(key, out var known) && known.ValidUntil > now)
        {
            return known.Value;
        }

        var pairs = BuildChain(certificate, anchors, intermediates);
        var results = new List<ChainElementRevocation>();
        var findings = new List<CertificateFinding>();
        // The chain's answer is kept as long as every answer it rests on (and at most ChainCacheTime).
        var validUntil = now + ChainCacheTime;
        try
        {
            foreach (var (subject, issuer) in pairs)
            {
                var (status, until) = await CheckUntilAsync(subject, issuer, cancellationToken).ConfigureAwait(false);
                validUntil = Min(validUntil, until);
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
        var result = new ChainRevocation(results, findings);
        _chains[key] = new(result, validUntil);
        if (_chains.Count > MaxCachedChains)
        {
            foreach (var (oldKey, entry) in _chains)
            {
                if (entry.ValidUntil <= now)
                {
                    _chains.TryRemove(new KeyValuePair<string, Cached<ChainRevocation>>(oldKey, entry));
                }
            }
        }
        return result;
    }

    /// <summary>The revocation status of <paramref name="certificate"/>, issued by <paramref name="issuer"/>.</summary>
    public async Task<RevocationStatus> CheckAsync(X509Certificate2 certificate, X509Certificate2 issuer, CancellationToken cancellationToken = default)
    {
        if (!_options.Value.Enabled)
        {
            return new(RevocationState.NotChecked, "", "revocation checking is off (Smgw:Revocation:Enabled)");
        }
        return (await CheckUntilAsync(certificate, issuer, cancellationToken).ConfigureAwait(false)).Status;
    }

    /// <summary>The status, and until when the cached answers it rests on hold.</summary>
    private async Task<(RevocationStatus Status, DateTimeOffset Until)> CheckUntilAsync(X509Certificate2 certificate, X509Certificate2 issuer, CancellationToken cancellationToken)
    {
        var (ocspUris, crlUris) = RevocationSources.Of(certificate);
        if (ocspUris.Count == 0 && crlUris.Count == 0)
        {
            return (new(RevocationState.NotChecked, "", "the certificate names no OCSP responder and no HTTP CRL distribution point"), DateTimeOffset.MaxValue);
        }

        var bcCertificate = new X509CertificateParser().ReadCertificate(certificate.RawData);
        var bcIssuer = new X509CertificateParser().ReadCertificate(issuer.RawData);
        var problems = new List<string>();
        var until = DateTimeOffset.MaxValue;
        foreach (var uri in ocspUris)
        {
            var (status, validUntil) = await AskOcspAsync(uri, bcCertificate, bcIssuer, cancellationToken).ConfigureAwait(false);
            until = Min(until, validUntil);
            if (status.State is RevocationState.Good or RevocationState.Revoked)
            {
                return (status, until);
            }
            problems.Add($"OCSP {uri}: {status.Detail}");
        }
        foreach (var uri in crlUris)
        {
            var (status, validUntil) = await AskCrlAsync(uri, bcCertificate, bcIssuer, cancellationToken).ConfigureAwait(false);
            until = Min(until, validUntil);
            if (status.State is RevocationState.Good or RevocationState.Revoked)
            {
                return (status, until);
            }
            problems.Add($"CRL {uri}: {status.Detail}");
        }
        return (new(RevocationState.Unknown, "", string.Join("; ", problems)), until);
    }

    /// <summary>Names a chain question: the certificate, the anchors and the extra certificates, by thumbprint.</summary>
    private static string ChainKey(X509Certificate2 certificate, X509Certificate2Collection anchors, X509Certificate2Collection? intermediates)
    {
        var key = new System.Text.StringBuilder(certificate.Thumbprint);
        foreach (var anchor in anchors)
        {
            key.Append('|').Append(anchor.Thumbprint);
        }
        key.Append('/');
        foreach (var extra in intermediates ?? [])
        {
            key.Append('|').Append(extra.Thumbprint);
        }
        return key.ToString();
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

    // ---- shared ----------------------------------------------------------------------------

    private sealed record Cached<T>(T Value, DateTimeOffset ValidUntil);

    private async Task<Cached<T>> GetCachedAsync<T>(
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
                return cached;
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

    private static DateTimeOffset Utc(DateTime value) =>
        new(DateTime.SpecifyKind(value.Kind == DateTimeKind.Local ? value.ToUniversalTime() : value, DateTimeKind.Utc));

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}
