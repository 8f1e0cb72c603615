using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Smgw.Tests.Infrastructure;

/// <summary>
/// A minimal SMTP server on 127.0.0.1 that keeps every message exactly as it came over the wire
/// (dot-stuffing undone, nothing else): smtp-sink's dump turns CRLF into LF, which hides the very
/// bytes a byte-exactness test is about. EHLO without extensions, every MAIL/RCPT/DATA accepted.
/// </summary>
public sealed class RawSmtpReceiver : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;

    public ConcurrentQueue<(IReadOnlyList<string> Recipients, byte[] Data)> Received { get; } = new();

    public RawSmtpReceiver()
    {
        _listener.Start();
        _accepting = Task.Run(AcceptAsync);
    }

    public string Endpoint => $"127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
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
            var stream = client.GetStream();
            async Task ReplyAsync(string line) => await stream.WriteAsync(Encoding.ASCII.GetBytes(line + "\r\n"));
            try
            {
                await ReplyAsync("220 raw.test ESMTP");
                var recipients = new List<string>();
                while (await ReadLineAsync(stream) is { } line)
                {
                    var command = Encoding.ASCII.GetString(line).TrimEnd('\r', '\n');
                    var verb = command.Split(' ', ':')[0].ToUpperInvariant();
                    switch (verb)
                    {
                        case "EHLO" or "HELO":
                            await ReplyAsync("250-raw.test");
                            await ReplyAsync("250-8BITMIME");
                            await ReplyAsync("250 SMTPUTF8");
                            break;
                        case "MAIL":
                            recipients = [];
                            await ReplyAsync("250 ok");
                            break;
                        case "RCPT":
                            recipients.Add(command[(command.IndexOf('<') + 1)..command.IndexOf('>')]);
                            await ReplyAsync("250 ok");
                            break;
                        case "DATA":
                            await ReplyAsync("354 go ahead");
                            using (var data = new MemoryStream())
                            {
                                while (await ReadLineAsync(stream) is { } dataLine && !dataLine.AsSpan().SequenceEqual(".\r\n"u8))
                                {
                                    data.Write(dataLine.AsSpan(dataLine.Length > 1 && dataLine[0] == (byte)'.' ? 1 : 0));
                                }
                                Received.Enqueue((recipients, data.ToArray()));
                            }
                            await ReplyAsync("250 2.0.0 kept");
                            break;
                        case "QUIT":
                            await ReplyAsync("221 bye");
                            return;
                        default:
                            await ReplyAsync("250 ok");
                            break;
                    }
                }
            }
            catch (IOException)
            {
            }
        }
    }

    /// <summary>One line with its line end (CRLF, or a bare LF), or null at the end of the stream.</summary>
    private static async Task<byte[]?> ReadLineAsync(NetworkStream stream)
    {
        var line = new List<byte>();
        var one = new byte[1];
        while (await stream.ReadAsync(one) == 1)
        {
            line.Add(one[0]);
            if (one[0] == (byte)'\n')
            {
                return [.. line];
            }
        }
        return line.Count == 0 ? null : [.. line];
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        await _accepting;
        _stop.Dispose();
    }
}
