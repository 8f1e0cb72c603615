using System.Diagnostics;
using DnsClient;

namespace Smgw.Tests.Infrastructure;

/// <summary>
/// A real DNS server (dnsmasq, no service, no upstream) on a free loopback port, authoritative for
/// <c>example</c>: configured MX and A records, NXDOMAIN for every other name below it.
/// </summary>
public sealed class Dnsmasq : IAsyncDisposable
{
    private readonly Process _process;

    private Dnsmasq(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    public string Endpoint => $"127.0.0.1:{Port}";

    /// <param name="mx">domain → (exchange, preference)</param>
    /// <param name="hosts">host name → IPv4 address</param>
    /// <param name="txt">name → TXT text (no commas)</param>
    public static async Task<Dnsmasq> StartAsync(
        IReadOnlyDictionary<string, (string Exchange, int Preference)> mx,
        IReadOnlyDictionary<string, string> hosts,
        IReadOnlyDictionary<string, string>? txt = null)
    {
        var port = TestEnvironment.FreePort();
        var start = new ProcessStartInfo(File.Exists("/usr/sbin/dnsmasq") ? "/usr/sbin/dnsmasq" : throw new InvalidOperationException("/usr/sbin/dnsmasq is missing: scripts/deps.sh installs dnsmasq-base."))
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        foreach (var arg in new[]
        {
            "--keep-in-foreground", "--conf-file=/dev/null", "--no-resolv", "--no-hosts", "--no-poll",
            "--bind-interfaces", "--listen-address=127.0.0.1", $"--port={port}", "--pid-file=", "--user=root",
            "--local=/example/", "--log-facility=-",
        })
        {
            start.ArgumentList.Add(arg);
        }
        foreach (var (domain, (exchange, preference)) in mx)
        {
            start.ArgumentList.Add($"--mx-host={domain},{exchange},{preference}");
        }
        foreach (var (host, address) in hosts)
        {
            start.ArgumentList.Add($"--host-record={host},{address}");
        }
        foreach (var (name, text) in txt ?? new Dictionary<string, string>())
        {
            start.ArgumentList.Add($"--txt-record={name},{text}");
        }
        var process = Process.Start(start) ?? throw new InvalidOperationException("dnsmasq did not start");
        var server = new Dnsmasq(process, port);
        var client = new LookupClient(new LookupClientOptions(new NameServer(System.Net.IPAddress.Loopback, port)) { UseCache = false, Timeout = TimeSpan.FromSeconds(1), Retries = 0 });
        await Eventually.WaitAsync(async () =>
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"dnsmasq exited: {await process.StandardError.ReadToEndAsync()}");
            }
            var answer = await client.QueryAsync("probe.example", QueryType.A);
            return answer.Header.ResponseCode == DnsHeaderResponseCode.NotExistentDomain;
        }, TimeSpan.FromSeconds(20), $"dnsmasq on {server.Endpoint}");
        return server;
    }

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
