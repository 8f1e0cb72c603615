using System.Net;
using System.Text.RegularExpressions;
using Smgw.Interfaces.Models;
using Smgw.Interfaces.Net;

namespace Smgw.Grains.Tenants;

/// <summary>Checks and normalises a tenant's technical data; the error names the field.</summary>
public static partial class TenantConfigValidator
{
    [GeneratedRegex(@"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")]
    private static partial Regex DomainName();

    [GeneratedRegex(@"^[a-z0-9][a-z0-9._-]{0,99}$")]
    private static partial Regex TenantId();

    public static TenantConfig Normalize(TenantConfig config)
    {
        if (!TenantId().IsMatch(config.Id))
        {
            throw new ArgumentException($"id '{config.Id}' is not a valid tenant id (lower-case letters, digits, '.', '_', '-'; at most 100).");
        }

        var domains = config.Domains.Select(d => d.Trim().TrimEnd('.').ToLowerInvariant()).Distinct().ToList();
        if (domains.Count == 0)
        {
            throw new ArgumentException("domains: a tenant needs at least one mail domain.");
        }
        foreach (var domain in domains.Where(d => !DomainName().IsMatch(d)))
        {
            throw new ArgumentException($"domains: '{domain}' is not a valid domain name.");
        }

        foreach (var relay in config.RelayAddresses.Where(r => !IPNetwork.TryParse(r.Contains('/') ? r : AsHostNetwork(r), out _)))
        {
            throw new ArgumentException($"relayAddresses: '{relay}' is neither an IP address nor a CIDR network.");
        }

        if (!string.IsNullOrWhiteSpace(config.InternalServer) && !HostPort.TryParse(config.InternalServer, 25, out _))
        {
            throw new ArgumentException($"internalServer: '{config.InternalServer}' is not host or host:port.");
        }

        var listed = config.ListedAddresses.Select(a => a.Trim().ToLowerInvariant()).Distinct().ToList();
        foreach (var address in listed.Where(a => a.LastIndexOf('@') <= 0 || !domains.Contains(a[(a.LastIndexOf('@') + 1)..])))
        {
            throw new ArgumentException($"listedAddresses: '{address}' is not an address in one of the tenant's domains.");
        }

        var foreign = config.AllowedForeignFrom.Select(a => a.Trim().ToLowerInvariant()).Where(a => a.Length > 0).Distinct().ToList();
        foreach (var entry in foreign.Where(a => a != "*" && (a.StartsWith('@') ? !DomainName().IsMatch(a[1..]) : a.LastIndexOf('@') <= 0)))
        {
            throw new ArgumentException($"allowedForeignFrom: '{entry}' is neither an address, '@domain' nor '*'.");
        }

        return config with
        {
            AllowedForeignFrom = foreign,
            Domains = domains,
            RelayAddresses = config.RelayAddresses.Select(r => r.Trim()).Distinct().ToList(),
            InternalServer = config.InternalServer.Trim(),
            ListedAddresses = listed,
        };
    }

    private static string AsHostNetwork(string address) =>
        IPAddress.TryParse(address.Trim(), out var ip)
            ? $"{ip}/{(ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? 128 : 32)}"
            : address;
}
