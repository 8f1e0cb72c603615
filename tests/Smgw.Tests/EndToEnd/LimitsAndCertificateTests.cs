using System.Diagnostics;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Smgw.Tests.Infrastructure;
using Xunit;

namespace Smgw.Tests.EndToEnd;

/// <summary>
/// A gateway with tight limits, a TLS certificate from configuration (PEM made by openssl at test
/// start) and its tenants from a file applied at start.
/// </summary>
public sealed class LimitsAndCertificateTests : IAsyncLifetime
{
    private readonly string _directory = TestEnvironment.TempDirectory("limits");
    private GatewayProcess _gateway = null!;

    public async Task InitializeAsync()
    {
        var certificate = Path.Combine(_directory, "server.pem");
        var key = Path.Combine(_directory, "server.key");
        var openssl = Process.Start(new ProcessStartInfo("openssl")
        {
            ArgumentList = { "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", certificate, "-days", "2", "-subj", "/CN=mx.limits.test", "-addext", "subjectAltName=DNS:mx.limits.test" },
            RedirectStandardError = true,
        })!;
        await openssl.WaitForExitAsync();
        Assert.True(openssl.ExitCode == 0, await openssl.StandardError.ReadToEndAsync());

        var tenants = Path.Combine(_directory, "tenants.json");
        await File.WriteAllTextAsync(tenants, """
            {
              // comments are allowed
              "tenants": [ { "id": "filed", "domains": ["filed.example"], "relayAddresses": ["127.0.0.1"], "internalServer": "127.0.0.1:9" } ]
            }
            """);

        _gateway = new GatewayProcess(new Dictionary<string, string>
        {
            ["Smgw__Smtp__MaxMessageSize"] = "4096",
            ["Smgw__Smtp__Inbound__MaxConnections"] = "2",
            ["Smgw__Smtp__CommandTimeout"] = "00:00:02",
            ["Smgw__Smtp__Tls__CertificatePath"] = certificate,
            ["Smgw__Smtp__Tls__KeyPath"] = key,
            ["Smgw__TenantsFile"] = tenants,
        });
        await _gateway.StartAsync();
    }

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    [Fact]
    public async Task The_configured_pem_certificate_is_presented_on_starttls()
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync("127.0.0.1", _gateway.InboundPort);
        var stream = tcp.GetStream();
        var reader = new StreamReader(stream, Encoding.ASCII);
        Assert.StartsWith("220", await reader.ReadLineAsync());
        await stream.WriteAsync(Encoding.ASCII.GetBytes("EHLO client.test\r\n"));
        while ((await reader.ReadLineAsync())!.StartsWith("250-", StringComparison.Ordinal))
        {
        }
        await stream.WriteAsync(Encoding.ASCII.GetBytes("STARTTLS\r\n"));
        Assert.StartsWith("220", await reader.ReadLineAsync());

        X509Certificate2? presented = null;
        await using var tls = new SslStream(stream, false, (_, certificate, _, _) =>
        {
            presented = certificate is null ? null : new X509Certificate2(certificate);
            return true;
        });
        await tls.AuthenticateAsClientAsync("mx.limits.test");
        Assert.Equal("CN=mx.limits.test", presented?.Subject);
        Assert.Contains(tls.SslProtocol.ToString(), new[] { "Tls12", "Tls13" });
    }

    [Fact]
    public async Task A_message_larger_than_the_limit_is_refused_after_data_without_a_size_declaration()
    {
        await using var smtp = await RawSmtpClient.ConnectAsync(_gateway.InboundPort);
        await smtp.SendAsync("EHLO client.test");
        Assert.StartsWith("250", await smtp.SendAsync("MAIL FROM:<a@outside.example>"));
        Assert.StartsWith("250", await smtp.SendAsync("RCPT TO:<clerk@filed.example>"));
        var reply = await smtp.SendDataAsync("Subject: big\n\n" + new string('x', 8000) + "\n");
        Assert.StartsWith("552 5.3.4", reply);
        Assert.Equal("[]", await _gateway.Http.GetStringAsync("/api/queue"));
    }

    [Fact]
    public async Task Connections_beyond_the_limit_get_421()
    {
        // Sessions of earlier tests give their slot back once the server has seen them close.
        await using var first = await GreetedAsync();
        await using var second = await GreetedAsync();
        await using var third = await RawSmtpClient.ConnectAsync(_gateway.InboundPort);
        Assert.StartsWith("421 4.7.0", third.Greeting);
    }

    private async Task<RawSmtpClient> GreetedAsync()
    {
        return await Eventually.WaitAsync(async () =>
        {
            var client = await RawSmtpClient.ConnectAsync(_gateway.InboundPort);
            if (client.Greeting.StartsWith("220", StringComparison.Ordinal))
            {
                return client;
            }
            await client.DisposeAsync();
            return null;
        }, TimeSpan.FromSeconds(30), "a free session slot");
    }

    [Fact]
    public async Task An_idle_client_is_disconnected_after_the_command_timeout()
    {
        await using var smtp = await RawSmtpClient.ConnectAsync(_gateway.InboundPort);
        var clock = Stopwatch.StartNew();
        var reply = await smtp.ReadReplyAsync().WaitAsync(TimeSpan.FromSeconds(30));
        Assert.StartsWith("221", reply);
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task Tenants_from_the_file_applied_at_start_exist()
    {
        var tenant = await _gateway.Http.GetStringAsync("/api/tenants/filed");
        Assert.Contains("filed.example", tenant);
        await using var smtp = await RawSmtpClient.ConnectAsync(_gateway.InboundPort);
        await smtp.SendAsync("EHLO client.test");
        await smtp.SendAsync("MAIL FROM:<a@outside.example>");
        Assert.StartsWith("250", await smtp.SendAsync("RCPT TO:<clerk@filed.example>"));
    }
}
