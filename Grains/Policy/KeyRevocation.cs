using System.Security.Cryptography.X509Certificates;
using Smgw.Crypto.Certificates.Revocation;

namespace Smgw.Grains.Policy;

/// <summary>
/// Asks CRL and OCSP (through the process's <see cref="RevocationChecker"/> and its cache) about
/// every certificate of a decision's keys before the decision is made, so the synchronous
/// validation in <see cref="ResolvedKeys"/> can treat a revoked certificate as unusable.
/// Certificates are parsed once (<see cref="KeyCache"/>); the checker keeps each chain's answer as
/// long as the CRL and OCSP answers it rests on.
/// </summary>
public sealed class KeyRevocation(RevocationChecker checker, KeyCache cache)
{
    private static readonly IReadOnlyDictionary<string, ChainRevocation> None = new Dictionary<string, ChainRevocation>();

    /// <summary>
    /// The revocation status of an inbound signer's chain to the tenant's <paramref name="anchors"/>;
    /// null when revocation checking is off (Smgw:Revocation:Enabled).
    /// </summary>
    public async Task<ChainRevocation?> CheckSignerAsync(
        X509Certificate2 signer, X509Certificate2Collection anchors, X509Certificate2Collection? intermediates, CancellationToken cancellationToken) =>
        checker.Options.Enabled
            ? await checker.CheckChainAsync(signer, anchors, intermediates, cancellationToken).ConfigureAwait(false)
            : null;

    /// <summary>By certificate thumbprint: what is known of its chain's revocation.</summary>
    public async Task<IReadOnlyDictionary<string, ChainRevocation>> CheckAsync(PolicyContext context, CancellationToken cancellationToken)
    {
        if (!checker.Options.Enabled || context.Keys.Count == 0)
        {
            return None;
        }

        var (anchors, _) = cache.Anchors(context.TrustAnchorsPem);
        var results = new Dictionary<string, ChainRevocation>(StringComparer.OrdinalIgnoreCase);
        foreach (var pem in context.Keys.Values.SelectMany(m => m).Select(m => m.Entry.CertificatePem).Distinct(StringComparer.Ordinal))
        {
            if (string.IsNullOrEmpty(pem) || !pem.Contains("BEGIN CERTIFICATE", StringComparison.Ordinal))
            {
                continue; // not an X.509 key (an OpenPGP key, say)
            }
            var certificate = cache.Certificate(pem);
            results[CertificateName.Of(certificate).Thumbprint] = await checker.CheckChainAsync(certificate, anchors, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        return results;
    }
}
