using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Smgw.Tests.Infrastructure;
using Xunit;

namespace Smgw.Tests.EndToEnd;

/// <summary>
/// Issue F2 §3: a header field folded over thousands of lines cost the MIME parser time growing with
/// the square of its size (1 MB: 5 s, 2 MB: 21 s, per attempt). Header fields are bounded while they
/// are sent — in the message's header and in a body part's — with a clear refusal; a large legitimate
/// header still passes byte for byte.
/// </summary>
public sealed class HeaderLimitTests : IAsyncLifetime
{
    private RawSmtpReceiver _tenantServer = null!;
    private GatewayProcess _gateway = null!;

    public async Task InitializeAsync()
    {
        _tenantServer = new RawSmtpReceiver();
        _gateway = new GatewayProcess();
        await _gateway.StartAsync();
        await _gateway.PutTenantAsync("hdr", new { domains = new[] { "hdr.example" }, internalServer = _tenantServer.Endpoint });
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _tenantServer.DisposeAsync();
    }

    private static string Folded(string name, int lines) =>
        $"{name}: start\r\n" + string.Concat(Enumerable.Repeat(" " + new string('a', 70) + "\r\n", lines));

    public static TheoryData<string, string> Refused => new()
    {
        // 1 MB in one field, folded over 14,000 lines: the shape that took the parser 5 s.
        { "Subject: folded\r\n" + Folded("X-Long", 14_000) + "\r\nbody\r\n", "552 5.3.4 Message header too large: a header field is at most 102400 octets here" },
        // The same inside a body part's header.
        { "Subject: part\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b\"\r\n\r\n--b\r\n" + Folded("Content-Type", 2_000) + "\r\npart\r\n--b--\r\n", "552 5.3.4 Message header too large" },
        { "Subject: many\r\n" + string.Concat(Enumerable.Range(0, 1_001).Select(i => $"X-F{i}: v\r\n")) + "\r\nbody\r\n", "552 5.3.4 Too many header fields: a message has at most 1000 here" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task An_oversized_header_is_refused_while_it_is_sent_and_nothing_is_queued(string message, string refusal)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync("127.0.0.1", _gateway.InboundPort);
        var stream = tcp.GetStream();
        var reader = new StreamReader(stream, Encoding.ASCII);
        Assert.StartsWith("220", await reader.ReadLineAsync());
        foreach (var command in new[] { "EHLO outside.test", "MAIL FROM:<a@outside.example>", "RCPT TO:<clerk@hdr.example>", "DATA" })
        {
            await stream.WriteAsync(Encoding.ASCII.GetBytes(command + "\r\n"));
            string? reply;
            while ((reply = await reader.ReadLineAsync()) is not null && reply.Length > 3 && reply[3] == '-')
            {
            }
        }
        try
        {
            foreach (var chunk in Encoding.ASCII.GetBytes(message + ".\r\n").Chunk(16 * 1024))
            {
                await stream.WriteAsync(chunk);
            }
        }
        catch (IOException)
        {
            // The gateway ended the session while the message was still being sent.
        }

        Assert.StartsWith(refusal, await reader.ReadLineAsync() ?? "");
        Assert.Null(await reader.ReadLineAsync()); // the session is over
        Assert.Equal("[]", await _gateway.Http.GetStringAsync("/api/queue"));
    }

    [Fact]
    public async Task A_large_legitimate_header_and_indented_body_text_pass_byte_for_byte()
    {
        var id = Guid.NewGuid().ToString("N");
        // 90 KB in one field over 1,250 lines; 900 fields; a signature delimiter and 200 KB of indented text in the body.
        var original =
            $"From: a@outside.example\r\nTo: clerk@hdr.example\r\nMessage-ID: <{id}@outside.example>\r\nSubject: large\r\n" +
            Folded("X-Trace", 1_250) +
            string.Concat(Enumerable.Range(0, 890).Select(i => $"X-F{i}: v\r\n")) +
            "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b\"\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nText\r\n-- \r\nA. Clerk\r\n\r\n" +
            string.Concat(Enumerable.Repeat("    at Some.Stack.Frame(Int32 depth) in Frame.cs:line 12\r\n", 3_500)) +
            "--b--\r\n";
        await using (var smtp = await RawSmtpClient.ConnectAsync(_gateway.InboundPort))
        {
            await smtp.SendAsync("EHLO outside.test");
            Assert.StartsWith("250", await smtp.SendAsync("MAIL FROM:<a@outside.example>"));
            Assert.StartsWith("250", await smtp.SendAsync("RCPT TO:<clerk@hdr.example>"));
            var reply = await smtp.SendDataAsync(original);
            Assert.StartsWith("250 2.0.0", reply);
            await _gateway.WaitCompletedAsync(GatewayProcess.QueueIdOf(reply));
        }

        var delivered = Assert.Single(_tenantServer.Received, m => Encoding.ASCII.GetString(m.Data).Contains(id)).Data;
        var sent = Encoding.ASCII.GetBytes(original);
        Assert.Equal(Convert.ToHexString(SHA256.HashData(sent)), Convert.ToHexString(SHA256.HashData(delivered.AsSpan(delivered.Length - sent.Length))));
    }
}
