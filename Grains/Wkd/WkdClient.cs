using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Smgw.Crypto.OpenPgp;

namespace Smgw.Grains.Wkd;

/// <summary>
/// Looks an address's OpenPGP key up in its domain's Web Key Directory over HTTPS: the advanced
/// method (https://openpgpkey.{domain}/.well-known/openpgpkey/{domain}/hu/{hash}?l={local}) first,
/// the direct method (https://{domain}/.well-known/openpgpkey/hu/{hash}?l={local}) only when the
/// openpgpkey host cannot be reached. Only a key with a user id naming the address is returned.
/// "Not found" is remembered for <see cref="WkdOptions.NegativeCacheTime"/>. Thread-safe.
/// </summary>
public sealed class WkdClient : IDisposable
{
    private readonly WkdOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<WkdClient> _logger;
    private readonly HttpClient _http;
    private readonly ConcurrentDictionary<string, DateTimeOffset> _notFound = new(StringComparer.Ordinal);

    public WkdClient(IOptions<WkdOptions> options, TimeProvider time, ILogger<WkdClient> logger)
    {
        _options = options.Value;
        _time = time;
        _logger = logger;
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = _options.Timeout,
            AllowAutoRedirect = false,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        };
        if (_options.ConnectAddress is { Length: > 0 } address)
        {
            var ip = IPAddress.Parse(address);
            handler.ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(ip.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    await socket.ConnectAsync(new IPEndPoint(ip, context.DnsEndPoint.Port), cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            };
        }
        if (_options.TrustedCertificatesFile is { Length: > 0 } file)
        {
            var anchors = new X509Certificate2Collection();
            anchors.ImportFromPemFile(file);
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
                ChainsTo(certificate, anchors, errors);
        }
        _http = new HttpClient(handler) { Timeout = _options.Timeout };
    }

    public bool Enabled => _options.Lookup;

    /// <summary>The key of <paramref name="address"/> (armoured), or null with the reason.</summary>
    public async Task<(string? ArmoredKey, string Detail)> LookupAsync(string address, CancellationToken cancellationToken)
    {
        address = address.Trim();
        var key = address.ToLowerInvariant();
        var now = _time.GetUtcNow();
        if (_notFound.TryGetValue(key, out var until) && until > now)
        {
            return (null, "not found by WKD (cached)");
        }
        var at = address.LastIndexOf('@');
        if (at <= 0 || at == address.Length - 1)
        {
            return (null, "not an address");
        }
        var local = address[..at];
        var domain = address[(at + 1)..].ToLowerInvariant();
        var hash = WkdHash.Of(local);
        var query = "?l=" + Uri.EscapeDataString(local);
        var port = _options.Port == 443 ? "" : $":{_options.Port}";
        var advanced = new Uri($"https://openpgpkey.{domain}{port}/.well-known/openpgpkey/{domain}/hu/{hash}{query}");
        var direct = new Uri($"https://{domain}{port}/.well-known/openpgpkey/hu/{hash}{query}");
        string detail;
        byte[]? body;
        try
        {
            (body, detail) = await GetAsync(advanced, cancellationToken);
        }
        catch (HttpRequestException e) when (e.InnerException is SocketException || e.HttpRequestError is HttpRequestError.NameResolutionError or HttpRequestError.ConnectionError)
        {
            // The openpgpkey sub-domain does not exist (or does not answer): the direct method.
            try
            {
                (body, detail) = await GetAsync(direct, cancellationToken);
            }
            catch (Exception inner) when (inner is HttpRequestException or TaskCanceledException or IOException)
            {
                (body, detail) = (null, $"WKD unreachable ({inner.Message})");
            }
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
        {
            (body, detail) = (null, $"WKD request failed ({e.Message})");
        }
        if (body is not null)
        {
            try
            {
                var match = OpenPgpKey.Parse(body).FirstOrDefault(k => k.AllUserIds.Any(u => OpenPgpKey.Names(u, address)));
                if (match is not null)
                {
                    _notFound.TryRemove(key, out _);
                    _logger.LogInformation("WKD: found key {Fingerprint} for {Address}", match.Fingerprint, address);
                    return (match.ToArmored(), $"found by WKD ({detail})");
                }
                detail = $"the WKD key has no user id {address}";
            }
            catch (OpenPgpException e)
            {
                detail = $"the WKD answer is not an OpenPGP key ({e.Message})";
            }
        }
        _notFound[key] = now + _options.NegativeCacheTime;
        _logger.LogInformation("WKD: no key for {Address}: {Detail}", address, detail);
        return (null, detail);
    }

    private async Task<(byte[]? Body, string Detail)> GetAsync(Uri uri, CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        var method = uri.Host.StartsWith("openpgpkey.", StringComparison.Ordinal) ? "advanced" : "direct";
        if (response.StatusCode != HttpStatusCode.OK)
        {
            return (null, $"{method} method: HTTP {(int)response.StatusCode}");
        }
        if (response.Content.Headers.ContentLength > _options.MaxResponseBytes)
        {
            return (null, $"{method} method: response too large");
        }
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var memory = new MemoryStream();
        var buffer = new byte[16384];
        int read;
        while ((read = await stream.ReadAsync(buffer, cancellationToken)) > 0)
        {
            if (memory.Length + read > _options.MaxResponseBytes)
            {
                return (null, $"{method} method: response too large");
            }
            memory.Write(buffer, 0, read);
        }
        return (memory.ToArray(), $"{method} method, {uri.Host}");
    }

    private static bool ChainsTo(X509Certificate? certificate, X509Certificate2Collection anchors, SslPolicyErrors errors)
    {
        if (certificate is null || (errors & (SslPolicyErrors.RemoteCertificateNameMismatch | SslPolicyErrors.RemoteCertificateNotAvailable)) != 0)
        {
            return false;
        }
        using var leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(anchors);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(leaf);
    }

    public void Dispose() => _http.Dispose();
}
