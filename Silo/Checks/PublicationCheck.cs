using Microsoft.Extensions.Options;
using Smgw.Interfaces.Models;
using Smgw.Silo.Publication;

namespace Smgw.Silo.Checks;

/// <summary>
/// CL-18 (organisation certificate / OpenPGP domain key published): for every tenant domain, every
/// registered <see cref="IPublicationProbe"/> fetches its publication from
/// <see cref="ChecksOptions.PublicBaseUrl"/> (as someone outside would) and compares it with what
/// the gateway holds.
/// </summary>
public sealed class PublicationCheck(IEnumerable<IPublicationProbe> probes, IOptions<ChecksOptions> options)
{
    public async Task<TransportCheckResult> RunAsync(TenantConfig tenant, CancellationToken cancellationToken)
    {
        var server = string.Join(", ", tenant.Domains);
        if (string.IsNullOrEmpty(options.Value.PublicBaseUrl))
        {
            return new("CL-18", server, false, ["the gateway's public base URL is not configured (Smgw:Checks:PublicBaseUrl): the publications cannot be fetched as outsiders would"],
                null, null, null, null, null, null);
        }
        var baseUrl = new Uri(options.Value.PublicBaseUrl.TrimEnd('/') + "/");
        var passed = true;
        var failures = new List<string>();
        var successes = new List<string>();
        foreach (var domain in tenant.Domains)
        {
            foreach (var probe in probes)
            {
                if (await probe.ProbeAsync(tenant, domain, baseUrl, cancellationToken) is not { } finding)
                {
                    continue; // nothing of this kind held for the domain (no OpenPGP domain key, say)
                }
                passed &= finding.Passed;
                (finding.Passed ? successes : failures).Add($"{domain}: {probe.Kind} {finding.Detail}");
            }
        }
        return new("CL-18", server, passed, [.. failures, .. successes], null, null, null, null, null, null);
    }
}
