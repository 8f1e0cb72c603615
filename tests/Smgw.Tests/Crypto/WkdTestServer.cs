using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Smgw.Tests.Crypto;

/// <summary>
/// A minimal HTTPS server on 127.0.0.1 (free port) for Web Key Directory tests: a test CA made at
/// start, a server certificate for the given host names, GET only, one request per connection;
/// paths (without query) map to bodies. Records every request line with its SNI host.
/// </summary>
public sealed class WkdTestServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly X509Certificate2 _certificate;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;

    public WkdTestServer(string directory, params string[] hostNames)
    {
        using var caKey = RSA.Create(2048);
        var caRequest = new CertificateRequest("CN=SMGW WKD test CA", caKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        using var ca = caRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        CaFile = Path.Combine(directory, $"wkd-ca-{Guid.NewGuid():N}.pem");
        File.WriteAllText(CaFile, ca.ExportCertificatePem());

        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={hostNames[0]}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        foreach (var host in hostNames)
        {
            names.AddDnsName(host);
        }
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var issued = request.Create(ca, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(29), RandomNumberGenerator.GetBytes(8));
        using var withKey = issued.CopyWithPrivateKey(key);
        _certificate = X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>PEM of the CA that issued the server certificate (the gateway's Smgw:Wkd:TrustedCertificatesFile).</summary>
    public string CaFile { get; }

    /// <summary>Path (without query) → response body; others answer 404.</summary>
    public ConcurrentDictionary<string, byte[]> Content { get; } = new(StringComparer.Ordinal);

    /// <summary>"SNI-host GET path-and-query" per request.</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }
            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                await using var tls = new SslStream(client.GetStream());
                await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = _certificate });
                var reader = new StreamReader(tls, Encoding.ASCII, leaveOpen: true);
                var requestLine = await reader.ReadLineAsync() ?? "";
                string? line;
                while (!string.IsNullOrEmpty(line = await reader.ReadLineAsync()))
                {
                }
                var parts = requestLine.Split(' ');
                var target = parts.Length > 1 ? parts[1] : "/";
                Requests.Enqueue($"{tls.TargetHostName} {parts[0]} {target}");
                var path = target.Split('?')[0];
                var found = parts[0] == "GET" && Content.TryGetValue(path, out var body);
                body = found ? Content[path] : Encoding.ASCII.GetBytes("not found");
                var head = $"HTTP/1.1 {(found ? "200 OK" : "404 Not Found")}\r\nContent-Type: {(found ? "application/octet-stream" : "text/plain")}\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n";
                await tls.WriteAsync(Encoding.ASCII.GetBytes(head));
                await tls.WriteAsync(body);
                await tls.FlushAsync();
            }
            catch (Exception e) when (e is IOException or System.Security.Authentication.AuthenticationException or ObjectDisposedException)
            {
                // the client gave up (e.g. it did not trust the certificate)
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _accepting;
        }
        catch (OperationCanceledException)
        {
        }
        _certificate.Dispose();
        _stop.Dispose();
        File.Delete(CaFile);
    }
}
