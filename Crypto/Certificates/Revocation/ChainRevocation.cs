namespace Smgw.Crypto.Certificates.Revocation;

/// <summary>The revocation status of one certificate of a chain.</summary>
public sealed record ChainElementRevocation(string Subject, RevocationStatus Status);

/// <summary>The revocation statuses of a chain, and the findings that make its end entity unusable.</summary>
public sealed record ChainRevocation(IReadOnlyList<ChainElementRevocation> Elements, IReadOnlyList<CertificateFinding> Findings)
{
    /// <summary>One line for a decision trace: what was learnt about each certificate.</summary>
    public string Summary => string.Join("; ", Elements.Select(e => $"{e.Subject}: {e.Status}"));
}
