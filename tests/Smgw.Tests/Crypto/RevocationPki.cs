using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Smgw.Tests.Infrastructure;
using Xunit;

namespace Smgw.Tests.Crypto;

/// <summary>
/// A throw-away CA whose revocation data is made by OpenSSL itself: an `openssl ca` database
/// (index.txt) lists which certificates are revoked, `openssl ca -gencrl` writes the CRL, and
/// `openssl ocsp -reqin -respout` answers each OCSP request. A loopback HTTP server (127.0.0.1
/// only) hands both out — openssl's own responder cannot bind to loopback alone — and counts the
/// requests per path. A second CA with the same name but another key signs a forged CRL and
/// forged OCSP answers.
/// </summary>
public sealed class RevocationPki : IAsyncLifetime
{
    private readonly List<IDisposable> _owned = [];
    private readonly List<string> _index = [];
    private readonly Dictionary<string, string> _keys = [];
    private readonly ConcurrentDictionary<string, int> _requests = new();
    private readonly HttpListener _http = new();
    private readonly SemaphoreSlim _openssl = new(1, 1);
    private Task? _serving;
    private byte[]? _replay;

    public RevocationPki()
    {
        Directory = Path.Combine(Path.GetTempPath(), "smgw-revocation-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
        Port = TestEnvironment.FreePort();
        DeadPort = TestEnvironment.FreePort();
        var now = DateTimeOffset.UtcNow;

        (Ca, var caKey) = CreateCa("CN=Revocation Test CA, O=SMGW Tests", now);
        (var forger, var forgerKey) = CreateCa("CN=Revocation Test CA, O=SMGW Tests", now);
        Write("ca", Ca, caKey);
        Write("forger", forger, forgerKey);

        var ocsp = $"http://127.0.0.1:{Port}/ocsp";
        var crl = $"http://127.0.0.1:{Port}/ca.crl";
        var deadOcsp = $"http://127.0.0.1:{DeadPort}/ocsp";
        var deadCrl = $"http://127.0.0.1:{DeadPort}/ca.crl";
        OcspGood = Issue("ocsp-good", caKey, [ocsp], [crl]);
        OcspRevoked = Issue("ocsp-revoked", caKey, [ocsp], [crl], revokedAt: RevokedAt);
        CrlGood = Issue("crl-good", caKey, [], [crl]);
        CrlRevoked = Issue("crl-revoked", caKey, [], [crl], revokedAt: RevokedAt);
        SecondCrlGood = Issue("crl-good-2", caKey, [], [crl]);
        Unreachable = Issue("unreachable", caKey, [deadOcsp], [deadCrl]);
        DeadOcspRevokedOnCrl = Issue("dead-ocsp-crl-revoked", caKey, [deadOcsp], [crl], revokedAt: RevokedAt);
        ForgedCrl = Issue("forged-crl", caKey, [], [$"http://127.0.0.1:{Port}/forged.crl"], revokedAt: RevokedAt);
        ForgedOcsp = Issue("forged-ocsp", caKey, [$"http://127.0.0.1:{Port}/forged-ocsp"], [], revokedAt: RevokedAt);
        NoSources = Issue("no-sources", caKey, [], []);
        OcspNoNextUpdate = Issue("ocsp-no-next-update", caKey, [$"http://127.0.0.1:{Port}/ocsp-nonext"], []);
        OcspReplayed = Issue("ocsp-replayed", caKey, [$"http://127.0.0.1:{Port}/ocsp-replay"], []);
    }

    /// <summary>When the revoked certificates were revoked (as index.txt says).</summary>
    public static readonly DateTimeOffset RevokedAt = new(2025, 11, 1, 8, 30, 0, TimeSpan.Zero);

    public string Directory { get; }

    public int Port { get; }

    /// <summary>A port nothing listens on.</summary>
    public int DeadPort { get; }

    public X509Certificate2 Ca { get; }

    public X509Certificate2Collection Anchors => [Ca];

    public X509Certificate2 OcspGood { get; }
    public X509Certificate2 OcspRevoked { get; }
    public X509Certificate2 CrlGood { get; }
    public X509Certificate2 CrlRevoked { get; }
    public X509Certificate2 SecondCrlGood { get; }
    public X509Certificate2 Unreachable { get; }
    public X509Certificate2 DeadOcspRevokedOnCrl { get; }
    public X509Certificate2 ForgedCrl { get; }
    public X509Certificate2 ForgedOcsp { get; }
    public X509Certificate2 NoSources { get; }
    /// <summary>Its responder's answers name no next update.</summary>
    public X509Certificate2 OcspNoNextUpdate { get; }
    /// <summary>Its responder answers the first request properly and every later one with that same answer (a replay).</summary>
    public X509Certificate2 OcspReplayed { get; }

    /// <summary>The PKCS #8 PEM private key of a certificate issued here.</summary>
    public string KeyPemOf(X509Certificate2 certificate) => _keys[certificate.Thumbprint];

    /// <summary>How many requests the server has answered for a path ("/ca.crl", "/ocsp").</summary>
    public int Requests(string path) => _requests.GetValueOrDefault(path);

    public async Task InitializeAsync()
    {
        await File.WriteAllLinesAsync(Path.Combine(Directory, "index.txt"), _index);
        await File.WriteAllTextAsync(Path.Combine(Directory, "crlnumber"), "01\n");
        await File.WriteAllTextAsync(Path.Combine(Directory, "ca.cnf"),
            $"[ ca ]\ndefault_ca = test\n[ test ]\ndatabase = {Path.Combine(Directory, "index.txt")}\n" +
            $"crlnumber = {Path.Combine(Directory, "crlnumber")}\ndefault_md = sha256\ndefault_crl_days = 7\n");
        await OpenSsl.RunOkAsync(Directory, "ca", "-gencrl", "-config", "ca.cnf", "-keyfile", "ca.key", "-cert", "ca.pem", "-out", "ca.crl.pem");
        await OpenSsl.RunOkAsync(Directory, "crl", "-in", "ca.crl.pem", "-outform", "DER", "-out", "ca.crl");
        await OpenSsl.RunOkAsync(Directory, "ca", "-gencrl", "-config", "ca.cnf", "-keyfile", "forger.key", "-cert", "forger.pem", "-out", "forged.crl.pem");
        await OpenSsl.RunOkAsync(Directory, "crl", "-in", "forged.crl.pem", "-outform", "DER", "-out", "forged.crl");

        _http.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _http.Start();
        _serving = Task.Run(ServeAsync);
    }

    public async Task DisposeAsync()
    {
        _http.Stop();
        _http.Close();
        if (_serving is not null)
        {
            await _serving;
        }
        foreach (var owned in _owned)
        {
            owned.Dispose();
        }
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private async Task ServeAsync()
    {
        while (_http.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _http.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            _ = Task.Run(() => AnswerAsync(context));
        }
    }

    private async Task AnswerAsync(HttpListenerContext context)
    {
        var path = context.Request.Url!.AbsolutePath;
        _requests.AddOrUpdate(path, 1, (_, n) => n + 1);
        try
        {
            byte[] body;
            switch (path)
            {
                case "/ca.crl" or "/forged.crl":
                    body = await File.ReadAllBytesAsync(Path.Combine(Directory, path.TrimStart('/')));
                    context.Response.ContentType = "application/pkix-crl";
                    break;
                case "/ocsp" or "/forged-ocsp" or "/ocsp-nonext" or "/ocsp-replay":
                    using (var request = new MemoryStream())
                    {
                        await context.Request.InputStream.CopyToAsync(request);
                        body = path == "/ocsp-replay" && _replay is { } first
                            ? first
                            : await RespondAsync(request.ToArray(), path == "/forged-ocsp" ? "forger" : "ca", nextUpdate: path != "/ocsp-nonext");
                        if (path == "/ocsp-replay")
                        {
                            _replay ??= body;
                        }
                    }
                    context.Response.ContentType = "application/ocsp-response";
                    break;
                default:
                    context.Response.StatusCode = 404;
                    body = [];
                    break;
            }
            context.Response.ContentLength64 = body.Length;
            await context.Response.OutputStream.WriteAsync(body);
        }
        catch (Exception)
        {
            context.Response.StatusCode = 500;
        }
        finally
        {
            context.Response.Close();
        }
    }

    /// <summary>OpenSSL's responder logic, one request at a time: index.txt says good, revoked or unknown.</summary>
    private async Task<byte[]> RespondAsync(byte[] request, string signer, bool nextUpdate)
    {
        await _openssl.WaitAsync();
        try
        {
            var id = Guid.NewGuid().ToString("N");
            var requestFile = Path.Combine(Directory, id + ".req");
            var responseFile = Path.Combine(Directory, id + ".resp");
            await File.WriteAllBytesAsync(requestFile, request);
            // openssl echoes the request's nonce; -nmin sets the next update.
            await OpenSsl.RunOkAsync(Directory, ["ocsp", "-index", "index.txt", "-CA", "ca.pem",
                "-rsigner", signer + ".pem", "-rkey", signer + ".key", "-reqin", requestFile, "-respout", responseFile, .. (nextUpdate ? (string[])["-nmin", "60"] : [])]);
            return await File.ReadAllBytesAsync(responseFile);
        }
        finally
        {
            _openssl.Release();
        }
    }

    private (X509Certificate2 Cert, RSA Key) CreateCa(string subject, DateTimeOffset now)
    {
        var key = RSA.Create(2048);
        _owned.Add(key);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var cert = request.CreateSelfSigned(now.AddDays(-60), now.AddYears(5));
        _owned.Add(cert);
        return (cert, key);
    }

    private X509Certificate2 Issue(string name, RSA caKey, string[] ocsp, string[] crl, DateTimeOffset? revokedAt = null)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={name}, O=SMGW Tests", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        var san = new SubjectAlternativeNameBuilder();
        san.AddEmailAddress(name + "@example.org");
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Ca, true, false));
        if (ocsp.Length > 0)
        {
            request.CertificateExtensions.Add(new X509AuthorityInformationAccessExtension(ocsp, null));
        }
        if (crl.Length > 0)
        {
            request.CertificateExtensions.Add(CertificateRevocationListBuilder.BuildCrlDistributionPointExtension(crl));
        }
        var serial = RandomNumberGenerator.GetBytes(8);
        serial[0] = (byte)((serial[0] & 0x7F) | 0x10);
        var notAfter = DateTimeOffset.UtcNow.AddYears(1);
        var cert = request.Create(Ca.SubjectName, X509SignatureGenerator.CreateForRSA(caKey, RSASignaturePadding.Pkcs1), DateTimeOffset.UtcNow.AddDays(-400), notAfter, serial);
        _owned.Add(cert);
        _keys[cert.Thumbprint] = key.ExportPkcs8PrivateKeyPem();

        static string Time(DateTimeOffset t) => t.UtcDateTime.ToString("yyMMddHHmmss", CultureInfo.InvariantCulture) + "Z";
        _index.Add(revokedAt is { } at
            ? $"R\t{Time(notAfter)}\t{Time(at)},keyCompromise\t{cert.SerialNumber}\tunknown\t/CN={name}"
            : $"V\t{Time(notAfter)}\t\t{cert.SerialNumber}\tunknown\t/CN={name}");
        return cert;
    }

    private void Write(string name, X509Certificate2 cert, RSA key)
    {
        File.WriteAllText(Path.Combine(Directory, name + ".pem"), cert.ExportCertificatePem());
        File.WriteAllText(Path.Combine(Directory, name + ".key"), key.ExportPkcs8PrivateKeyPem());
    }
}
