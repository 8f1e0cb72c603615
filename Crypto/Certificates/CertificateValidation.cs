namespace Smgw.Crypto.Certificates;

/// <summary>The outcome of validating one certificate for one purpose at one time.</summary>
/// <param name="ChainValid">It chains to a given trust anchor, every certificate is in its validity period, and no other chain error occurred.</param>
/// <param name="UsageValid">Key usage, extended key usage and key strength allow the purpose.</param>
/// <param name="AddressMatches">The expected address is in the certificate (true when no address was asked for).</param>
/// <param name="Findings">Every reason found, empty when valid.</param>
public sealed record CertificateValidation(
    bool ChainValid,
    bool UsageValid,
    bool AddressMatches,
    IReadOnlyList<CertificateFinding> Findings)
{
    /// <summary>Usable: chain, usage and address all valid.</summary>
    public bool IsValid => ChainValid && UsageValid && AddressMatches;

    /// <summary>Whether a given problem was found.</summary>
    public bool Has(CertificateProblem problem) => Findings.Any(f => f.Problem == problem);
}
