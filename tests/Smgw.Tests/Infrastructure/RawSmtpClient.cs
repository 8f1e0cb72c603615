using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;

namespace Smgw.Tests.Infrastructure;

/// <summary>
/// A byte-exact SMTP client for protocol tests: sends exactly the command given and returns the
/// server's complete reply (all lines), so a test can assert codes and enhanced status codes.
/// </summary>
public sealed class RawSmtpClient : IAsyncDisposable
{
    private readonly TcpClient _tcp;
    private Stream _stream;
    private StreamReader _reader;

    private RawSmtpClient(TcpClient tcp)
    {
        _tcp = tcp;
        _stream = tcp.GetStream();
        _reader = new StreamReader(_stream, Encoding.ASCII, false, 1024, leaveOpen: true);
    }

    public string Greeting { get; private set; } = "";

    public static async Task<RawSmtpClient> ConnectAsync(int port, IPAddress? localAddress = null)
    {
        var tcp = localAddress is null ? new TcpClient() : new TcpClient(new IPEndPoint(localAddress, 0));
        await tcp.ConnectAsync(IPAddress.Loopback, port);
        var client = new RawSmtpClient(tcp);
        client.Greeting = await client.ReadReplyAsync();
        return client;
    }

    /// <summary>Sends one line (CRLF added) and returns the full reply.</summary>
    public async Task<string> SendAsync(string line)
    {
        var bytes = Encoding.ASCII.GetBytes(line + "\r\n");
        await _stream.WriteAsync(bytes);
        await _stream.FlushAsync();
        return await ReadReplyAsync();
    }

    /// <summary>STARTTLS and the TLS handshake (any server certificate); returns the reply to STARTTLS.</summary>
    public async Task<string> StartTlsAsync()
    {
        var reply = await SendAsync("STARTTLS");
        if (!reply.StartsWith("220", StringComparison.Ordinal))
        {
            return reply;
        }
        var ssl = new SslStream(_stream, leaveInnerStreamOpen: false, (_, _, _, _) => true);
        await ssl.AuthenticateAsClientAsync("gw.test");
        _stream = ssl;
        _reader = new StreamReader(_stream, Encoding.ASCII, false, 1024, leaveOpen: true);
        TlsProtocol = ssl.SslProtocol.ToString();
        return reply;
    }

    public string? TlsProtocol { get; private set; }

    /// <summary>DATA, the message (dot-stuffed here), the final dot; returns the reply after the dot.</summary>
    public async Task<string> SendDataAsync(string message)
    {
        var reply = await SendAsync("DATA");
        if (!reply.StartsWith("354", StringComparison.Ordinal))
        {
            return reply;
        }
        var normalized = message.Replace("\r\n", "\n").Replace("\n", "\r\n");
        var stuffed = string.Join("\r\n", normalized.Split("\r\n").Select(l => l.StartsWith('.') ? "." + l : l));
        var bytes = Encoding.UTF8.GetBytes(stuffed + (stuffed.EndsWith("\r\n") ? "" : "\r\n") + ".\r\n");
        await _stream.WriteAsync(bytes);
        await _stream.FlushAsync();
        return await ReadReplyAsync();
    }

    public async Task<string> ReadReplyAsync()
    {
        var lines = new List<string>();
        while (true)
        {
            var line = await _reader.ReadLineAsync() ?? throw new IOException("connection closed; so far: " + string.Join(" | ", lines));
            lines.Add(line);
            if (line.Length < 4 || line[3] != '-')
            {
                return string.Join("\n", lines);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stream.DisposeAsync();
        _tcp.Dispose();
    }
}
