using System.Formats.Asn1;
using System.Security.Cryptography.X509Certificates;
using Smgw.Crypto.Smime;

namespace Smgw.Crypto.Certificates;

/// <summary>The e-mail addresses a certificate is issued for (RFC 8550 section 3).</summary>
public static class CertificateAddresses
{
    private static readonly Asn1Tag s_rfc822Name = new(TagClass.ContextSpecific, 1);

    /// <summary>
    /// The rfc822Name entries of the subjectAltName extension, then any legacy emailAddress
    /// attribute of the subject name.
    /// </summary>
    public static IReadOnlyList<string> Get(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var result = new List<string>();
        foreach (var extension in certificate.Extensions)
        {
            if (extension.Oid?.Value != SmimeOids.SubjectAltName)
            {
                continue;
            }

            var reader = new AsnReader(extension.RawData, AsnEncodingRules.DER);
            var names = reader.ReadSequence();
            while (names.HasData)
            {
                var tag = names.PeekTag();
                if (tag.HasSameClassAndValue(s_rfc822Name))
                {
                    result.Add(names.ReadCharacterString(UniversalTagNumber.IA5String, s_rfc822Name));
                }
                else
                {
                    names.ReadEncodedValue();
                }
            }
        }

        foreach (var rdn in certificate.SubjectName.EnumerateRelativeDistinguishedNames())
        {
            if (!rdn.HasMultipleElements && rdn.GetSingleElementType().Value == SmimeOids.EmailAddressAttribute
                && rdn.GetSingleElementValue() is { Length: > 0 } email)
            {
                result.Add(email);
            }
        }

        return result;
    }

    /// <summary>Whether <paramref name="address"/> is one of the certificate's addresses, compared case-insensitively.</summary>
    public static bool Contains(X509Certificate2 certificate, string address)
    {
        ArgumentNullException.ThrowIfNull(address);
        var wanted = address.Trim();
        return Get(certificate).Any(a => string.Equals(a.Trim(), wanted, StringComparison.OrdinalIgnoreCase));
    }
}
