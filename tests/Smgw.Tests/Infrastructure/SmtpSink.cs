using System.Diagnostics;
using System.Net.Sockets;
using System.Text;

namespace Smgw.Tests.Infrastructure;

/// <summary>
/// Postfix's smtp-sink as the next hop: a real SMTP server that writes each received transaction
/// to a file (with the envelope as X-Mail-Args / X-Rcpt-Args headers).
/// </summary>
public sealed class SmtpSink : IAsyncDisposable
{
    private readonly Process _process;

    private SmtpSink(Process process, int port, string directory)
    {
        _process = process;
        Port = port;
        Directory = directory;
    }

    public int Port { get; }

    public string Directory { get; }

    public string Endpoint => $"127.0.0.1:{Port}";

    /// <summary>
    /// Starts smtp-sink; <paramref name="hardReject"/> e.g. "RCPT" answers that command with 5xx, <paramref name="softReject"/> with 4xx;
    /// <paramref name="dataDelaySeconds"/> holds each transaction that long before answering DATA (keeps deliveries in flight).
    /// </summary>
    public static async Task<SmtpSink> StartAsync(int? port = null, string? hardReject = null, string? softReject = null, int? dataDelaySeconds = null)
    {
        var chosen = port ?? TestEnvironment.FreePort();
        var directory = TestEnvironment.TempDirectory("sink");
        var start = new ProcessStartInfo(TestEnvironment.SmtpSink)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        foreach (var arg in new[] { "-u", "nobody", "-d", directory + "/" })
        {
            start.ArgumentList.Add(arg);
        }
        if (hardReject is not null)
        {
            start.ArgumentList.Add("-f");
            start.ArgumentList.Add(hardReject);
        }
        if (softReject is not null)
        {
            start.ArgumentList.Add("-r");
            start.ArgumentList.Add(softReject);
        }
        if (dataDelaySeconds is { } delay)
        {
            start.ArgumentList.Add("-w");
            start.ArgumentList.Add(delay.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        start.ArgumentList.Add($"127.0.0.1:{chosen}");
        start.ArgumentList.Add("256");
        var process = Process.Start(start) ?? throw new InvalidOperationException("smtp-sink did not start");
        var sink = new SmtpSink(process, chosen, directory);
        await Eventually.WaitAsync(async () =>
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"smtp-sink exited: {await process.StandardError.ReadToEndAsync()}");
            }
            using var client = new TcpClient();
            await client.ConnectAsync("127.0.0.1", chosen);
            return true;
        }, TimeSpan.FromSeconds(20), $"smtp-sink on port {chosen}");
        return sink;
    }

    /// <summary>The transactions received so far (complete files only).</summary>
    public IReadOnlyList<SinkMessage> Messages()
    {
        var result = new List<SinkMessage>();
        foreach (var file in System.IO.Directory.GetFiles(Directory))
        {
            string text;
            try
            {
                text = File.ReadAllText(file, Encoding.Latin1);
            }
            catch (IOException)
            {
                continue;
            }
            if (text.Length > 0)
            {
                result.Add(SinkMessage.Parse(text));
            }
        }
        return result;
    }

    public Task<IReadOnlyList<SinkMessage>> WaitForAsync(int count, TimeSpan? timeout = null) =>
        Eventually.WaitAsync(
            () => Task.FromResult(Messages() is { } m && m.Count >= count ? m : null),
            timeout ?? TimeSpan.FromSeconds(60),
            $"{count} message(s) at smtp-sink {Endpoint}")!;

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}
