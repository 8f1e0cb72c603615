using Smgw.Interfaces.Models;

namespace Smgw.Silo.Publication;

/// <summary>
/// One kind of key publication that CL-18 verifies by fetching it from the gateway's public base
/// URL (organisation certificate download; an OpenPGP Web Key Directory is another kind). Register
/// implementations as <c>IPublicationProbe</c> singletons; the CL-18 check runs them all per tenant domain.
/// </summary>
public interface IPublicationProbe
{
    /// <summary>What is published, for the findings ("organisation certificate").</summary>
    string Kind { get; }

    /// <summary>The finding for one domain, or null when the gateway holds nothing of this kind for it (nothing to publish).</summary>
    Task<PublicationFinding?> ProbeAsync(TenantConfig tenant, string domain, Uri publicBaseUrl, CancellationToken cancellationToken);
}
