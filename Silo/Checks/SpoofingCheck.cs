using System.Net;
using System.Net.Sockets;
using System.Text;
using DnsClient;
using Microsoft.Extensions.Options;
using Smgw.Interfaces.Models;
using Smgw.Interfaces.Net;
using Smgw.SmtpFrontend;

namespace Smgw.Silo.Checks;

/// <summary>
/// CL-3 (anti-spoofing): the tenant has relay addresses; each of its domains publishes exactly one
/// SPF record (RFC 7208) that admits only the tenant's relays and the gateway
/// (<see cref="ChecksOptions.GatewayAddresses"/>) and ends in <c>-all</c>; and the gateway's
/// Internet-facing listener refuses a MAIL FROM in the tenant's domain from outside.
/// Mechanisms that cannot be verified here (include, exists, redirect, ptr) fail the check with
/// their name, for a person to look at.
/// </summary>
public sealed class SpoofingCheck(ILookupClient dns, IOptions<ChecksOptions> checks, IOptions<SmtpOptions> smtp)
{
    public async Task<TransportCheckResult> RunAsync(TenantConfig tenant, CancellationToken cancellationToken)
    {
        var findings = new List<string>();
        var passed = true;
        var allowed = tenant.RelayAddresses.Concat(checks.Value.GatewayAddresses).Select(Network).OfType<IPNetwork>().ToList();
        if (tenant.RelayAddresses.Count == 0)
        {
            passed = false;
            findings.Add("no relay addresses are registered for the tenant (relayAddresses)");
        }

        foreach (var domain in tenant.Domains)
        {
            var txt = await dns.QueryAsync(domain, QueryType.TXT, cancellationToken: cancellationToken);
            var spf = txt.Answers.TxtRecords()
                .Select(r => string.Concat(r.Text))
                .Where(t => t.StartsWith("v=spf1", StringComparison.OrdinalIgnoreCase) && (t.Length == 6 || t[6] == ' '))
                .ToList();
            if (spf.Count != 1)
            {
                passed = false;
                findings.Add(spf.Count == 0 ? $"{domain}: no SPF record" : $"{domain}: {spf.Count} SPF records (RFC 7208 allows one)");
                continue;
            }
            var (ok, notes) = await JudgeAsync(domain, spf[0], allowed, cancellationToken);
            passed &= ok;
            findings.AddRange(notes.Select(n => $"{domain}: {n}"));
        }

        var (refused, detail) = await SpoofAttemptAsync(tenant.Domains[0], cancellationToken);
        passed &= refused;
        findings.Add(detail);
        return new TransportCheckResult("CL-3", string.Join(", ", tenant.Domains), passed, findings, null, null, null, null, null, null);
    }

    private async Task<(bool Ok, List<string> Notes)> JudgeAsync(string domain, string record, List<IPNetwork> allowed, CancellationToken cancellationToken)
    {
        var ok = true;
        var notes = new List<string> { $"SPF \"{record}\"" };
        var terms = record.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).ToList();
        var all = terms.LastOrDefault(t => t.TrimStart('+', '-', '~', '?').Equals("all", StringComparison.OrdinalIgnoreCase));
        if (all is null || !all.StartsWith('-'))
        {
            ok = false;
            notes.Add($"ends with \"{all ?? "(no all)"}\": senders outside the list are not refused (use -all)");
        }
        foreach (var term in terms.Where(t => t != all))
        {
            var qualifierless = term.TrimStart('+', '-', '~', '?');
            if (term.StartsWith('-') || term.StartsWith('~'))
            {
                continue; // a mechanism that refuses cannot admit anyone
            }
            var (name, value) = qualifierless.Split(':', 2) is [var n, var v] ? (n.ToLowerInvariant(), v) : (qualifierless.ToLowerInvariant(), "");
            IEnumerable<IPAddress> admitted;
            switch (name)
            {
                case "ip4" or "ip6":
                    if (Network(value) is not { } network)
                    {
                        ok = false;
                        notes.Add($"\"{term}\" is not an address or network");
                        continue;
                    }
                    if (!allowed.Any(a => Covers(a, network)))
                    {
                        ok = false;
                        notes.Add($"\"{term}\" admits senders that are neither relays of the tenant nor the gateway");
                    }
                    continue;
                case "a":
                    admitted = await AddressesAsync(value.Length > 0 ? value : domain, cancellationToken);
                    break;
                case "mx":
                    var mx = await dns.QueryAsync(value.Length > 0 ? value : domain, QueryType.MX, cancellationToken: cancellationToken);
                    var hosts = new List<IPAddress>();
                    foreach (var exchange in mx.Answers.MxRecords())
                    {
                        hosts.AddRange(await AddressesAsync(exchange.Exchange.Value.TrimEnd('.'), cancellationToken));
                    }
                    admitted = hosts;
                    break;
                default:
                    if (name.Contains('='))
                    {
                        if (name.StartsWith("redirect=", StringComparison.Ordinal))
                        {
                            ok = false;
                            notes.Add($"\"{term}\" cannot be verified automatically; check it by hand");
                        }
                        continue; // other modifiers (exp=) admit nobody
                    }
                    ok = false;
                    notes.Add($"\"{term}\" cannot be verified automatically; check it by hand");
                    continue;
            }
            foreach (var address in admitted.Where(a => !allowed.Any(n => n.Contains(a))))
            {
                ok = false;
                notes.Add($"\"{term}\" admits {address}, which is neither a relay of the tenant nor the gateway");
            }
        }
        return (ok, notes);
    }

    /// <summary>Connects to this gateway's Internet-facing listener as an outsider would and tries MAIL FROM the tenant's domain.</summary>
    private async Task<(bool Refused, string Detail)> SpoofAttemptAsync(string domain, CancellationToken cancellationToken)
    {
        if (!smtp.Value.Enabled || !HostPort.TryParse(smtp.Value.Inbound.Listen, 25, out var listener))
        {
            return (true, "the Internet-facing listener does not run in this process; the spoofing attempt was not made here");
        }
        try
        {
            using var tcp = new TcpClient();
            await tcp.ConnectAsync(listener.Value.Host, listener.Value.Port, cancellationToken);
            var stream = tcp.GetStream();
            using var reader = new StreamReader(stream, Encoding.ASCII);
            async Task<string> ReplyAsync()
            {
                string? line;
                do
                {
                    line = await reader.ReadLineAsync(cancellationToken) ?? throw new IOException("the listener closed the connection");
                }
                while (line.Length > 3 && line[3] == '-');
                return line;
            }
            await ReplyAsync();
            await stream.WriteAsync(Encoding.ASCII.GetBytes("EHLO spoof-check.invalid\r\n"), cancellationToken);
            await ReplyAsync();
            await stream.WriteAsync(Encoding.ASCII.GetBytes($"MAIL FROM:<spoof-check@{domain}>\r\n"), cancellationToken);
            var reply = await ReplyAsync();
            await stream.WriteAsync(Encoding.ASCII.GetBytes("QUIT\r\n"), cancellationToken);
            return reply.StartsWith('5')
                ? (true, $"MAIL FROM:<spoof-check@{domain}> from outside is refused: \"{reply}\"")
                : (false, $"MAIL FROM:<spoof-check@{domain}> from outside was answered \"{reply}\"");
        }
        catch (Exception ex) when (ex is SocketException or IOException)
        {
            return (false, $"the spoofing attempt against {listener} failed: {ex.Message}");
        }
    }

    private async Task<IReadOnlyList<IPAddress>> AddressesAsync(string host, CancellationToken cancellationToken)
    {
        var result = new List<IPAddress>();
        foreach (var type in new[] { QueryType.A, QueryType.AAAA })
        {
            var answer = await dns.QueryAsync(host, type, cancellationToken: cancellationToken);
            result.AddRange(answer.Answers.ARecords().Select(r => r.Address));
            result.AddRange(answer.Answers.AaaaRecords().Select(r => r.Address));
        }
        return result;
    }

    private static bool Covers(IPNetwork outer, IPNetwork inner) =>
        outer.BaseAddress.AddressFamily == inner.BaseAddress.AddressFamily
        && outer.PrefixLength <= inner.PrefixLength
        && outer.Contains(inner.BaseAddress);

    private static IPNetwork? Network(string text)
    {
        if (text.Contains('/'))
        {
            return IPNetwork.TryParse(text, out var network) ? network : null;
        }
        return IPAddress.TryParse(text, out var address)
            ? new IPNetwork(address, address.AddressFamily == AddressFamily.InterNetworkV6 ? 128 : 32)
            : null;
    }
}
