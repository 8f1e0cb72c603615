namespace Smgw.Crypto.Certificates;

/// <summary>One reason a certificate was judged unusable, with a human-readable detail.</summary>
/// <param name="Problem">The kind of problem.</param>
/// <param name="Detail">What exactly, naming the certificate concerned.</param>
public sealed record CertificateFinding(CertificateProblem Problem, string Detail)
{
    /// <inheritdoc />
    public override string ToString() => $"{Problem}: {Detail}";
}
