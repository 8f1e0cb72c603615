using System.Formats.Asn1;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Smgw.Crypto.Certificates;

/// <summary>
/// IssuerAndSerialNumber (RFC 5652 §10.2.4) exactly as the certificate carries them. The serial is
/// copied from the certificate's own DER, never re-encoded: re-encoding the contents as an
/// unsigned integer (<c>AsnWriter.WriteIntegerUnsigned</c>) turns a negative serial into another
/// integer and throws on a non-minimal one, so the recipient's or verifier's software would not
/// find the certificate (RFC 5280 §4.1.2.2 asks users to handle such serials gracefully).
/// </summary>
internal static class IssuerSerial
{
    private static readonly ConditionalWeakTable<X509Certificate2, byte[]> Serials = new();

    /// <summary>The certificate's serialNumber INTEGER, tag and length included, as in its DER.</summary>
    public static byte[] SerialEncoded(X509Certificate2 certificate) =>
        Serials.GetValue(certificate, static c =>
        {
            try
            {
                var tbs = new AsnReader(c.RawData, AsnEncodingRules.BER).ReadSequence().ReadSequence();
                if (tbs.PeekTag().HasSameClassAndValue(new Asn1Tag(TagClass.ContextSpecific, 0)))
                {
                    tbs.ReadEncodedValue(); // [0] version
                }
                return tbs.ReadEncodedValue().ToArray();
            }
            catch (AsnContentException e)
            {
                throw new CryptographicException($"the certificate {c.Subject} has no readable serial number", e);
            }
        });

    /// <summary>Writes IssuerAndSerialNumber ::= SEQUENCE { issuer Name, serialNumber INTEGER } of <paramref name="certificate"/>.</summary>
    public static void Write(AsnWriter writer, X509Certificate2 certificate)
    {
        using (writer.PushSequence())
        {
            writer.WriteEncodedValue(certificate.IssuerName.RawData);
            writer.WriteEncodedValue(SerialEncoded(certificate));
        }
    }

    /// <summary>Whether an IssuerAndSerialNumber a message names is <paramref name="certificate"/>'s: the same issuer and the same integer (sign included).</summary>
    public static bool Matches(AsnReader issuerAndSerial, X509Certificate2 certificate)
    {
        var issuer = issuerAndSerial.ReadEncodedValue();
        var serial = issuerAndSerial.ReadIntegerBytes();
        var own = new AsnReader(SerialEncoded(certificate), AsnEncodingRules.BER).ReadIntegerBytes();
        return new BigInteger(serial.Span, isUnsigned: false, isBigEndian: true) == new BigInteger(own.Span, isUnsigned: false, isBigEndian: true)
            && new X500DistinguishedName(issuer.Span).RawData.AsSpan().SequenceEqual(certificate.IssuerName.RawData);
    }
}
