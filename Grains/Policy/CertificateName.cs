using System.Runtime.CompilerServices;
using System.Security.Cryptography.X509Certificates;

namespace Smgw.Grains.Policy;

/// <summary>
/// A certificate's thumbprint and the key id traces show ("1A2B3C4D (Name)"), computed once per
/// certificate object: the cached certificates of <see cref="KeyCache"/> are shared by every
/// decision, and .NET hashes the certificate again on every <see cref="X509Certificate2.Thumbprint"/>.
/// </summary>
internal sealed record CertificateName(string Thumbprint, string KeyId)
{
    private static readonly ConditionalWeakTable<X509Certificate2, CertificateName> s_names = new();

    public static CertificateName Of(X509Certificate2 certificate) =>
        s_names.GetValue(certificate, static c => new CertificateName(c.Thumbprint, $"{c.Thumbprint[..8]} ({c.GetNameInfo(X509NameType.SimpleName, false)})"));
}
