using DnsClient;
using Microsoft.Extensions.Options;
using Smgw.Interfaces;
using Smgw.Interfaces.Directory;
using Smgw.Interfaces.Net;

namespace Smgw.Grains.Delivery;

/// <summary>
/// Finds where a recipient's mail goes: a tenant domain to the tenant's internal server; any other
/// domain to the smarthost when one is set, else to its MX hosts (RFC 5321 §5.1, RFC 7505 null MX).
/// </summary>
public sealed class DestinationResolver(TenantDirectory directory, IGrainFactory grains, ILookupClient dns, IOptions<DeliveryOptions> options)
{
    public async Task<Route> ResolveAsync(string domain, CancellationToken cancellationToken)
    {
        domain = domain.TrimEnd('.').ToLowerInvariant();
        var tenant = await directory.FindByDomainAsync(domain, cancellationToken);
        if (tenant is null && await grains.GetGrain<IDomainGrain>(domain).GetOwnerAsync() is { } owner)
        {
            // This silo's directory copy has not seen the tenant yet: ask the domain's grain, so a
            // tenant's mail never leaves for the Internet because a copy was a few seconds old.
            tenant = await grains.GetGrain<ITenantGrain>(owner).GetAsync();
            await directory.RefreshAsync(cancellationToken);
        }
        if (tenant is not null)
        {
            return HostPort.TryParse(tenant.InternalServer, 25, out var internalServer)
                ? new Route($"tenant:{tenant.Id}", [internalServer.Value])
                : Route.Failed($"tenant:{tenant.Id}", "4.3.5", $"tenant '{tenant.Id}' has no internal mail server configured");
        }

        if (HostPort.TryParse(options.Value.Smarthost, 25, out var smarthost))
        {
            return new Route("smarthost", [smarthost.Value]);
        }

        return await ResolveMxAsync(domain, cancellationToken);
    }

    private async Task<Route> ResolveMxAsync(string domain, CancellationToken cancellationToken)
    {
        var key = $"mx:{domain}";
        IDnsQueryResponse response;
        try
        {
            response = await dns.QueryAsync(domain, QueryType.MX, cancellationToken: cancellationToken);
        }
        catch (DnsResponseException ex)
        {
            return Route.Failed(key, "4.4.3", $"DNS lookup of MX {domain} failed: {ex.Message}");
        }

        if (response.HasError)
        {
            return response.Header.ResponseCode == DnsHeaderResponseCode.NotExistentDomain
                ? Route.Failed(key, "5.1.2", $"domain {domain} does not exist (NXDOMAIN)")
                : Route.Failed(key, "4.4.3", $"DNS lookup of MX {domain} failed: {response.ErrorMessage}");
        }

        var mx = response.Answers.MxRecords().OrderBy(r => r.Preference).ToList();
        if (mx.Count == 1 && mx[0].Exchange.Value is "." or "")
        {
            return Route.Failed(key, "5.1.10", $"domain {domain} accepts no mail (null MX, RFC 7505)");
        }
        // The addresses are looked up here, with the configured resolvers, not by the socket layer.
        var exchanges = mx.Count == 0 ? [domain] : mx.Select(r => r.Exchange.Value.TrimEnd('.')).ToList();
        var hosts = new List<HostPort>();
        foreach (var exchange in exchanges)
        {
            foreach (var address in await AddressesAsync(exchange, cancellationToken))
            {
                hosts.Add(new HostPort(address, options.Value.MxPort));
            }
        }
        if (hosts.Count > 0)
        {
            return new Route(key, hosts);
        }
        return mx.Count == 0
            ? Route.Failed(key, "5.1.2", $"domain {domain} has neither MX nor address records")
            : Route.Failed(key, "4.4.3", $"no address found for the MX hosts of {domain} ({string.Join(", ", exchanges)})");
    }

    private async Task<IReadOnlyList<string>> AddressesAsync(string host, CancellationToken cancellationToken)
    {
        if (System.Net.IPAddress.TryParse(host, out var literal))
        {
            return [literal.ToString()];
        }
        var addresses = new List<string>();
        foreach (var type in new[] { QueryType.A, QueryType.AAAA })
        {
            try
            {
                var answer = await dns.QueryAsync(host, type, cancellationToken: cancellationToken);
                addresses.AddRange(answer.Answers.ARecords().Select(a => a.Address.ToString()));
                addresses.AddRange(answer.Answers.AaaaRecords().Select(a => a.Address.ToString()));
            }
            catch (DnsResponseException)
            {
                // an unanswered lookup counts as no address; the caller defers when none is left
            }
        }
        return addresses;
    }
}
