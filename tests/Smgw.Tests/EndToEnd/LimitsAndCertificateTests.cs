using System.Net.Http.Json;
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
            ["Smgw__Smtp__MaxRecipients"] = "3",
            ["Smgw__Smtp__MaxErrors"] = "5",
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

    /// <summary>Writes <paramref name="prefix"/>, then <paramref name="total"/> bytes of 'a' without a line end; returns what the server answered before closing.</summary>
    private async Task<string> FloodAsync(string prefix, int total, params string[] before)
    {
        using var tcp = await GreetedTcpAsync();
        var stream = tcp.GetStream();
        var reader = new StreamReader(stream, Encoding.ASCII);
        foreach (var line in before)
        {
            await stream.WriteAsync(Encoding.ASCII.GetBytes(line + "\r\n"));
            string? reply;
            while ((reply = await reader.ReadLineAsync()) is not null && reply.Length > 3 && reply[3] == '-')
            {
            }
        }
        var chunk = Encoding.ASCII.GetBytes(new string('a', 16 * 1024));
        try
        {
            await stream.WriteAsync(Encoding.ASCII.GetBytes(prefix));
            for (var sent = 0; sent < total; sent += chunk.Length)
            {
                await stream.WriteAsync(chunk);
            }
        }
        catch (IOException)
        {
            // The server closed the connection while we were still sending: that is the point.
        }
        var answer = await reader.ReadLineAsync() ?? "";
        Assert.Null(await reader.ReadLineAsync()); // and then the connection is closed
        return answer;
    }

    private async Task<TcpClient> GreetedTcpAsync() =>
        await Eventually.WaitAsync(async () =>
        {
            var tcp = new TcpClient();
            await tcp.ConnectAsync("127.0.0.1", _gateway.InboundPort);
            var greeting = await new StreamReader(tcp.GetStream(), Encoding.ASCII, false, 1, leaveOpen: true).ReadLineAsync();
            if (greeting?.StartsWith("220", StringComparison.Ordinal) == true)
            {
                return tcp;
            }
            tcp.Dispose();
            return null;
        }, TimeSpan.FromSeconds(30), "a free session slot");

    [Fact]
    public async Task Recipients_beyond_the_limit_get_452_and_the_transaction_goes_on_with_the_accepted_ones()
    {
        await using var smtp = await RawSmtpClient.ConnectAsync(_gateway.InboundPort);
        await smtp.SendAsync("EHLO client.test");
        Assert.StartsWith("250", await smtp.SendAsync("MAIL FROM:<a@outside.example>"));
        var replies = new List<string>();
        for (var i = 0; i < 12; i++)
        {
            replies.Add(await smtp.SendAsync($"RCPT TO:<user{i}@filed.example>"));
        }
        Assert.All(replies.Take(3), r => Assert.StartsWith("250", r));
        Assert.All(replies.Skip(3), r => Assert.Equal("452 4.5.3 Too many recipients", r)); // more than MaxErrors (5) of them, and no library suffix
        var reply = await smtp.SendDataAsync("Subject: three\n\nhello\n");
        Assert.StartsWith("250 2.0.0", reply);
        var status = await _gateway.Http.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/queue/{GatewayProcess.QueueIdOf(reply)}");
        Assert.Equal(["user0@filed.example", "user1@filed.example", "user2@filed.example"],
            status.GetProperty("recipients").EnumerateArray().Select(r => r.GetProperty("address").GetString()));
        using var deleted = await _gateway.Http.DeleteAsync($"/api/queue/{GatewayProcess.QueueIdOf(reply)}"); // its server (port 9) never answers
    }

    [Fact]
    public async Task A_client_making_one_error_after_another_is_disconnected_with_421()
    {
        await using var smtp = await RawSmtpClient.ConnectAsync(_gateway.InboundPort);
        for (var i = 0; i < 4; i++)
        {
            Assert.StartsWith("5", await smtp.SendAsync("NONSENSE"));
        }
        Assert.Equal("502 Unrecognized command", await smtp.SendAsync("NONSENSE"));
        Assert.Equal("421 4.7.0 Too many errors; closing the connection", await smtp.ReadReplyAsync());
        await Assert.ThrowsAsync<IOException>(() => smtp.ReadReplyAsync());
    }

    [Fact]
    public async Task The_greeting_names_the_host_and_not_the_smtp_library()
    {
        await using var smtp = await RawSmtpClient.ConnectAsync(_gateway.InboundPort);
        Assert.Matches(@"^220 \S+ ESMTP ready$", smtp.Greeting);
        Assert.DoesNotContain("v11", smtp.Greeting);
    }

    [Fact]
    public async Task An_endless_command_line_is_refused_before_it_is_buffered()
    {
        // 8 MB of EHLO argument without a line end: SmtpServer alone would read it all and answer 250.
        var reply = await FloodAsync("EHLO ", 8 * 1024 * 1024);
        Assert.Equal("500 5.5.2 Line too long: a command line is at most 1024 octets (RFC 5321 4.5.3.1.4)", reply);
        var metrics = await _gateway.Http.GetStringAsync("/metrics");
        Assert.Contains("command=\"LINE\",code=\"500\"", metrics);
    }

    [Fact]
    public async Task A_message_far_beyond_the_size_limit_ends_the_session_while_it_is_still_being_sent()
    {
        var reply = await FloodAsync("Subject: big\r\n\r\n", 4 * 1024 * 1024, "EHLO client.test", "MAIL FROM:<a@outside.example>", "RCPT TO:<clerk@filed.example>", "DATA");
        Assert.True(reply.StartsWith("500 5.5.2 Line too long: a message line", StringComparison.Ordinal) || reply.StartsWith("552 5.3.4", StringComparison.Ordinal), reply);
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
