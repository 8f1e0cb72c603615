namespace Smgw.Silo.Checks;

/// <summary>The outcome of checking a tenant's mail server (CL-2): pass/fail, what was found, and the TLS facts.</summary>
public sealed record TransportCheckResult(
    string Item,
    string Server,
    bool Passed,
    IReadOnlyList<string> Findings,
    string? TlsProtocol,
    string? CipherSuite,
    string? CertificateSubject,
    DateTimeOffset? CertificateNotAfter,
    bool? CertificateNameMatches,
    bool? CertificateChainTrusted);
