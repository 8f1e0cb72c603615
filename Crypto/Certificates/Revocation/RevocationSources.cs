using System.Security.Cryptography.X509Certificates;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;

namespace Smgw.Crypto.Certificates.Revocation;

/// <summary>Where a certificate says its revocation status is published: OCSP responders (AIA) and CRL distribution points.</summary>
internal static class RevocationSources
{
    private const string CrlDistributionPointsOid = "2.5.29.31";

    public static (IReadOnlyList<string> Ocsp, IReadOnlyList<string> Crl) Of(X509Certificate2 certificate)
    {
        var ocsp = new List<string>();
        var crl = new List<string>();
        foreach (var extension in certificate.Extensions)
        {
            if (extension is X509AuthorityInformationAccessExtension aia)
            {
                ocsp.AddRange(aia.EnumerateOcspUris());
            }
            else if (extension.Oid?.Value == CrlDistributionPointsOid)
            {
                var points = CrlDistPoint.GetInstance(Asn1Object.FromByteArray(extension.RawData));
                foreach (var point in points.GetDistributionPoints())
                {
                    // Only full names; a point relative to the issuer's name or with CRL issuer set
                    // (indirect CRLs) is not supported and is skipped.
                    if (point.DistributionPointName is { Type: DistributionPointName.FullName } name && point.CrlIssuer is null)
                    {
                        foreach (var general in GeneralNames.GetInstance(name.Name).GetNames())
                        {
                            if (general.TagNo == GeneralName.UniformResourceIdentifier)
                            {
                                crl.Add(DerIA5String.GetInstance(general.Name).GetString());
                            }
                        }
                    }
                }
            }
        }
        return (ocsp.Where(IsHttp).Distinct().ToList(), crl.Where(IsHttp).Distinct().ToList());
    }

    /// <summary>HTTP and HTTPS only; LDAP distribution points are not fetched.</summary>
    private static bool IsHttp(string uri) =>
        Uri.TryCreate(uri, UriKind.Absolute, out var parsed) && (parsed.Scheme == Uri.UriSchemeHttp || parsed.Scheme == Uri.UriSchemeHttps);
}
