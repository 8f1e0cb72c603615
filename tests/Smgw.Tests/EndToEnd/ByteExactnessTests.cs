using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Smgw.Tests.Infrastructure;
using Xunit;

namespace Smgw.Tests.EndToEnd;

/// <summary>
/// Issue F2 §2: what is delivered is what was accepted. A message the policy does not change leaves
/// byte for byte as it came in, with only the gateway's Received header in front (compared by hash,
/// on a receiver that keeps the wire bytes); bare CR or LF in DATA (the SMTP-smuggling class) is refused.
/// </summary>
public sealed class ByteExactnessTests : IAsyncLifetime
{
    private RawSmtpReceiver _tenantServer = null!;
    private RawSmtpReceiver _smarthost = null!;
    private GatewayProcess _gateway = null!;

    public async Task InitializeAsync()
    {
        _tenantServer = new RawSmtpReceiver();
        _smarthost = new RawSmtpReceiver();
        _gateway = new GatewayProcess(new Dictionary<string, string> { ["Smgw__Delivery__Smarthost"] = _smarthost.Endpoint });
        await _gateway.StartAsync();
        await _gateway.PutTenantAsync("exact", new { domains = new[] { "exact.example" }, relayAddresses = new[] { "127.0.0.1" }, internalServer = _tenantServer.Endpoint });
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _tenantServer.DisposeAsync();
        await _smarthost.DisposeAsync();
    }

    /// <summary>Messages that tempt a re-serialiser: an empty last line, folding with tabs, no space after the colon, a 1,500-octet header line, 8-bit text, a multipart with preamble and epilogue.</summary>
    public static TheoryData<string> Shapes => new()
    {
        "Subject: ends with an empty line\r\n\r\nhello\r\n\r\n",
        "Subject:no space\r\nX-Folded: one\r\n\ttwo\r\n   three\r\nX-Long: " + new string('x', 1500) + "\r\n\r\nbody\r\n",
        "Subject: =?utf-8?q?Gr=C3=BC=C3=9Fe?=\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\nGrüße aus Dresden\r\n.leading dot\r\n",
        "Subject: multipart\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b\"\r\n\r\npreamble text\r\n--b\r\nContent-Type: text/plain\r\n\r\none\r\n--b\r\n\r\ntwo without headers\r\n--b--\r\nepilogue\r\n\r\n",
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public async Task An_inbound_message_the_policy_leaves_alone_arrives_byte_for_byte(string shape)
    {
        var id = Guid.NewGuid().ToString("N");
        var original = $"From: a@outside.example\r\nTo: clerk@exact.example\r\nMessage-ID: <{id}@outside.example>\r\n" + shape;
        await using (var smtp = await RawSmtpClient.ConnectAsync(_gateway.InboundPort))
        {
            await smtp.SendAsync("EHLO outside.example");
            Assert.StartsWith("250", await smtp.SendAsync("MAIL FROM:<a@outside.example>"));
            Assert.StartsWith("250", await smtp.SendAsync("RCPT TO:<clerk@exact.example>"));
            var reply = await smtp.SendDataAsync(original);
            Assert.StartsWith("250 2.0.0", reply);
            await _gateway.WaitCompletedAsync(GatewayProcess.QueueIdOf(reply));
        }

        var delivered = Assert.Single(_tenantServer.Received, m => Encoding.UTF8.GetString(m.Data).Contains(id)).Data;
        var sent = Encoding.UTF8.GetBytes(original);
        var prefix = delivered.Length - sent.Length;
        Assert.True(prefix > 0, $"{delivered.Length} bytes delivered for {sent.Length} accepted");
        Assert.True(Convert.ToHexString(SHA256.HashData(sent)) == Convert.ToHexString(SHA256.HashData(delivered.AsSpan(prefix))),
            $"accepted:\n{Encoding.UTF8.GetString(sent)}\ndelivered:\n{Encoding.UTF8.GetString(delivered)}");
        var added = Encoding.ASCII.GetString(delivered, 0, prefix);
        Assert.StartsWith("Received: from outside.example", added);
        Assert.Single(added.Split("\r\n"), l => l.Length > 0 && l[0] is not (' ' or '\t')); // one header field: ours
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public async Task An_outbound_message_the_policy_leaves_alone_leaves_byte_for_byte(string shape)
    {
        // The tenant has no organisation certificate and the standard policy finds no key: nothing to sign or encrypt.
        var id = Guid.NewGuid().ToString("N");
        var original = $"From: clerk@exact.example\r\nTo: someone@outside.example\r\nMessage-ID: <{id}@exact.example>\r\n" + shape;
        await using (var smtp = await RawSmtpClient.ConnectAsync(_gateway.SubmissionPort))
        {
            await smtp.SendAsync("EHLO mail.exact.example");
            Assert.StartsWith("220", await smtp.StartTlsAsync());
            await smtp.SendAsync("EHLO mail.exact.example");
            Assert.StartsWith("250", await smtp.SendAsync("MAIL FROM:<clerk@exact.example>"));
            Assert.StartsWith("250", await smtp.SendAsync("RCPT TO:<someone@outside.example>"));
            var reply = await smtp.SendDataAsync(original);
            Assert.StartsWith("250 2.0.0", reply);
            await _gateway.WaitCompletedAsync(GatewayProcess.QueueIdOf(reply));
        }

        var delivered = Assert.Single(_smarthost.Received, m => Encoding.UTF8.GetString(m.Data).Contains(id)).Data;
        var sent = Encoding.UTF8.GetBytes(original);
        Assert.True(delivered.AsSpan().EndsWith(sent), $"accepted:\n{original}\ndelivered:\n{Encoding.UTF8.GetString(delivered)}");
        Assert.StartsWith("Received: from mail.exact.example", Encoding.ASCII.GetString(delivered, 0, delivered.Length - sent.Length));
    }

    [Theory]
    [InlineData("bare CR", "Subject: x\r\n\r\nline one\rMAIL FROM:<evil@outside.example>\r\n")]
    [InlineData("bare LF", "Subject: x\r\n\r\nline one\n.\nMAIL FROM:<evil@outside.example>\r\n")]
    [InlineData("CR dot CR", "Subject: x\r\n\r\nline one\r.\rRCPT TO:<victim@exact.example>\r\n")]
    public async Task A_bare_CR_or_LF_in_DATA_is_refused_both_ways(string what, string data)
    {
        foreach (var (port, from) in new[] { (_gateway.InboundPort, "a@outside.example"), (_gateway.SubmissionPort, "clerk@exact.example") })
        {
            using var tcp = new TcpClient();
            await tcp.ConnectAsync("127.0.0.1", port);
            Stream stream = tcp.GetStream();
            var reader = new StreamReader(stream, Encoding.ASCII);
            async Task<string> CommandAsync(string line)
            {
                await stream.WriteAsync(Encoding.ASCII.GetBytes(line + "\r\n"));
                await stream.FlushAsync();
                string reply;
                do
                {
                    reply = await reader.ReadLineAsync() ?? throw new IOException("closed");
                }
                while (reply.Length > 3 && reply[3] == '-');
                return reply;
            }
            Assert.StartsWith("220", await reader.ReadLineAsync());
            await CommandAsync("EHLO client.test");
            if (port == _gateway.SubmissionPort)
            {
                Assert.StartsWith("220", await CommandAsync("STARTTLS"));
                var tls = new System.Net.Security.SslStream(stream, false, (_, _, _, _) => true);
                await tls.AuthenticateAsClientAsync("gw.test");
                (stream, reader) = (tls, new StreamReader(tls, Encoding.ASCII));
                await CommandAsync("EHLO client.test");
            }
            Assert.StartsWith("250", await CommandAsync($"MAIL FROM:<{from}>"));
            Assert.StartsWith("250", await CommandAsync("RCPT TO:<clerk@exact.example>"));
            Assert.StartsWith("354", await CommandAsync("DATA"));
            var reply = await CommandAsync(data + ".");
            Assert.True(reply.StartsWith("550 5.6.0 ", StringComparison.Ordinal), $"{what} on port {port}: {reply}");
            Assert.Contains("bare CR or LF", reply);
        }
        Assert.Equal("[]", await _gateway.Http.GetStringAsync("/api/queue"));
    }
}
