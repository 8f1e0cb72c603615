using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Smgw.Interfaces.Net;

namespace Smgw.Silo.Checks;

/// <summary>
/// CL-2 (mail transport secured): connects to the tenant's mail server as the gateway would,
/// requires STARTTLS, and reports the TLS version, the cipher suite and the certificate (validity,
/// name, chain). Fails when STARTTLS is not offered or fails, when TLS is older than 1.2, or when
/// the certificate is outside its validity; an untrusted chain or another name is reported.
/// </summary>
public sealed class TransportSecurityCheck(TimeProvider time)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    public async Task<TransportCheckResult> RunAsync(string internalServer, string ehloName, CancellationToken cancellationToken)
    {
        var (result, certificate) = await ProbeAsync(internalServer, ehloName, cancellationToken);
        certificate?.Dispose();
        return result;
    }

    /// <summary>The check, and the certificate the server presented (null when TLS was not reached); the caller disposes it.</summary>
    public async Task<(TransportCheckResult Result, X509Certificate2? Certificate)> ProbeAsync(string internalServer, string ehloName, CancellationToken cancellationToken)
    {
        if (!HostPort.TryParse(internalServer, 25, out var server))
        {
            return (Fail(internalServer, "the tenant has no internal mail server configured (internalServer)"), null);
        }
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        var findings = new List<string>();
        try
        {
            using var tcp = new TcpClient();
            await tcp.ConnectAsync(server.Value.Host, server.Value.Port, timeout.Token);
            var stream = tcp.GetStream();
            var greeting = await ReplyAsync(stream, timeout.Token);
            if (!greeting.StartsWith("220", StringComparison.Ordinal))
            {
                return (Fail(server.Value.ToString(), $"the server greeted with \"{First(greeting)}\""), null);
            }
            await SendAsync(stream, $"EHLO {ehloName}", timeout.Token);
            var ehlo = await ReplyAsync(stream, timeout.Token);
            if (!ehlo.Split('\n').Any(l => l.Length > 4 && l[4..].Trim().Equals("STARTTLS", StringComparison.OrdinalIgnoreCase)))
            {
                return (Fail(server.Value.ToString(), "the server does not offer STARTTLS: mail to it would travel unencrypted"), null);
            }
            await SendAsync(stream, "STARTTLS", timeout.Token);
            var ready = await ReplyAsync(stream, timeout.Token);
            if (!ready.StartsWith("220", StringComparison.Ordinal))
            {
                return (Fail(server.Value.ToString(), $"STARTTLS was refused: \"{First(ready)}\""), null);
            }

            X509Certificate2? certificate = null;
            var errors = SslPolicyErrors.None;
            await using var tls = new SslStream(stream, leaveInnerStreamOpen: false, (_, cert, _, policyErrors) =>
            {
                certificate = cert is null ? null : X509CertificateLoader.LoadCertificate(cert.GetRawCertData());
                errors = policyErrors;
                return true; // judged below, with reasons
            });
            await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
            {
                TargetHost = server.Value.Host,
                EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
            }, timeout.Token);

            var passed = true;
            var now = time.GetUtcNow();
            findings.Add($"STARTTLS offered; {tls.SslProtocol} with {tls.NegotiatedCipherSuite}");
            var nameMatches = !errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch);
            var chainTrusted = !errors.HasFlag(SslPolicyErrors.RemoteCertificateChainErrors);
            if (certificate is null)
            {
                passed = false;
                findings.Add("the server presented no certificate");
            }
            else
            {
                if (now > certificate.NotAfter || now < certificate.NotBefore)
                {
                    passed = false;
                    findings.Add($"the certificate {certificate.Subject} is outside its validity ({certificate.NotBefore:yyyy-MM-dd} to {certificate.NotAfter:yyyy-MM-dd})");
                }
                else
                {
                    findings.Add($"certificate {certificate.Subject} valid until {certificate.NotAfter:yyyy-MM-dd}");
                }
                if (!nameMatches)
                {
                    findings.Add($"the certificate does not name {server.Value.Host}");
                }
                if (!chainTrusted)
                {
                    findings.Add("the certificate does not chain to a trusted root of this machine (self-signed or private CA)");
                }
            }
            return (new TransportCheckResult("CL-2", server.Value.ToString(), passed, findings, tls.SslProtocol.ToString(), tls.NegotiatedCipherSuite.ToString(),
                certificate?.Subject, certificate is null ? null : new DateTimeOffset(certificate.NotAfter.ToUniversalTime()), nameMatches, chainTrusted), certificate);
        }
        catch (Exception ex) when (ex is SocketException or IOException or AuthenticationException or OperationCanceledException)
        {
            return (Fail(server.Value.ToString(), ex is OperationCanceledException
                ? $"no answer within {Timeout.TotalSeconds:0} s"
                : $"the connection failed: {ex.Message}"), null);
        }
    }

    private static TransportCheckResult Fail(string server, string reason) =>
        new("CL-2", server, false, [reason], null, null, null, null, null, null);

    private static string First(string reply) => reply.Split('\n')[0].Trim();

    private static async Task SendAsync(Stream stream, string line, CancellationToken cancellationToken) =>
        await stream.WriteAsync(Encoding.ASCII.GetBytes(line + "\r\n"), cancellationToken);

    /// <summary>One complete (possibly multi-line) SMTP reply.</summary>
    private static async Task<string> ReplyAsync(Stream stream, CancellationToken cancellationToken)
    {
        var reply = new StringBuilder();
        var line = new StringBuilder();
        var one = new byte[1];
        while (true)
        {
            if (await stream.ReadAsync(one, cancellationToken) == 0)
            {
                throw new IOException("the server closed the connection");
            }
            if (one[0] != '\n')
            {
                if (one[0] != '\r')
                {
                    line.Append((char)one[0]);
                }
                continue;
            }
            var text = line.ToString();
            line.Clear();
            reply.Append(text).Append('\n');
            if (text.Length < 4 || text[3] != '-')
            {
                return reply.ToString();
            }
        }
    }
}
