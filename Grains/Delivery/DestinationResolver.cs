using DnsClient;
using Microsoft.Extensions.Options;
using Smgw.Interfaces.Directory;
using Smgw.Interfaces.Net;

namespace Smgw.Grains.Delivery;

/// <summary>
/// Finds where a recipient's mail goes: a tenant domain to the tenant's internal server; any other
/// domain to the smarthost when one is set, else to its MX hosts (RFC 5321 §5.1, RFC 7505 null MX).
/// </summary>
public sealed class DestinationResolver(TenantDirectory directory, ILookupClient dns, IOptions<DeliveryOptions> options)
{
    public async Task<Route> ResolveAsync(string domain, CancellationToken cancellationToken)
    {
        domain = domain.TrimEnd('.').ToLowerInvariant();
        var tenant = await directory.FindByDomainAsync(domain, cancellationToken);
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
        if (mx.Count == 0)
        {
            return new Route(key, [new HostPort(domain, 25)]);
        }
        return new Route(key, mx.Select(r => new HostPort(r.Exchange.Value.TrimEnd('.'), 25)).ToList());
    }
}
