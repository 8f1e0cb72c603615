using Smgw.Crypto.Certificates;
using System.Formats.Asn1;
using System.Security.Cryptography;

namespace Smgw.Crypto.Smime;

/// <summary>
/// A detached CMS SignedData (RFC 5652 §5, S/MIME 4.0 RFC 8551 §2.4) written here rather than by
/// <see cref="System.Security.Cryptography.Pkcs.SignedCms"/>, which imports the signer's public
/// key from its certificate again for every signature (a measurable share of a message's cost).
/// The same content as before: version 1, SHA-256, the signer by issuer and serial number, the
/// signer's certificate and its intermediates, and the signed attributes contentType, signingTime,
/// messageDigest and SMIMECapabilities; RSA PKCS #1 v1.5 or ECDSA signatures.
/// </summary>
internal static class DetachedSignature
{
    private const string EcdsaWithSha256 = "1.2.840.10045.4.3.2";
    private static readonly Asn1Tag s_context0 = new(TagClass.ContextSpecific, 0, isConstructed: true);

    /// <summary>The DER-encoded ContentInfo of a SignedData over <paramref name="content"/>, which it does not contain.</summary>
    public static byte[] Create(ReadOnlySpan<byte> content, SmimeIdentity signer, DateTimeOffset signingTime)
    {
        var digest = SHA256.HashData(content);
        // The signature covers the signed attributes DER-encoded as a SET OF (RFC 5652 §5.4).
        var attributes = new AsnWriter(AsnEncodingRules.DER);
        WriteSignedAttributes(attributes, Asn1Tag.SetOf, digest, signingTime);
        var (algorithm, signature) = signer.PrivateKey switch
        {
            RSA rsa => (SmimeOids.RsaEncryption, rsa.SignData(attributes.Encode(), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)),
            ECDsa ec => (EcdsaWithSha256, ec.SignData(attributes.Encode(), HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence)),
            _ => throw new SmimeException($"{signer.Certificate.Subject}: the private key is neither RSA nor ECDSA"),
        };

        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteObjectIdentifier(SmimeOids.SignedData);
            using (writer.PushSequence(s_context0))
            using (writer.PushSequence())
            {
                writer.WriteInteger(1);
                using (writer.PushSetOf())
                {
                    WriteSha256(writer);
                }
                using (writer.PushSequence())
                {
                    writer.WriteObjectIdentifier(SmimeOids.Data); // detached: no eContent
                }
                using (writer.PushSetOf(s_context0))
                {
                    writer.WriteEncodedValue(signer.Certificate.RawData);
                    foreach (var intermediate in signer.Chain)
                    {
                        writer.WriteEncodedValue(intermediate.RawData);
                    }
                }
                using (writer.PushSetOf())
                using (writer.PushSequence())
                {
                    writer.WriteInteger(1);
                    IssuerSerial.Write(writer, signer.Certificate);
                    WriteSha256(writer);
                    WriteSignedAttributes(writer, s_context0, digest, signingTime);
                    using (writer.PushSequence())
                    {
                        writer.WriteObjectIdentifier(algorithm);
                        if (algorithm == SmimeOids.RsaEncryption)
                        {
                            writer.WriteNull();
                        }
                    }
                    writer.WriteOctetString(signature);
                }
            }
        }
        return writer.Encode();
    }

    private static void WriteSha256(AsnWriter writer)
    {
        using (writer.PushSequence())
        {
            writer.WriteObjectIdentifier(SmimeOids.Sha256);
        }
    }

    private static void WriteSignedAttributes(AsnWriter writer, Asn1Tag tag, byte[] digest, DateTimeOffset signingTime)
    {
        using (writer.PushSetOf(tag))
        {
            WriteAttribute(writer, SmimeOids.ContentTypeAttribute, w => w.WriteObjectIdentifier(SmimeOids.Data));
            WriteAttribute(writer, SmimeOids.SigningTimeAttribute, w =>
            {
                // UTCTime through 2049, GeneralizedTime after (RFC 5652 §11.3).
                var utc = signingTime.ToUniversalTime();
                var seconds = new DateTimeOffset(utc.Year, utc.Month, utc.Day, utc.Hour, utc.Minute, utc.Second, TimeSpan.Zero);
                if (seconds.Year is >= 1950 and < 2050)
                {
                    w.WriteUtcTime(seconds);
                }
                else
                {
                    w.WriteGeneralizedTime(seconds, omitFractionalSeconds: true);
                }
            });
            WriteAttribute(writer, SmimeOids.MessageDigestAttribute, w => w.WriteOctetString(digest));
            WriteAttribute(writer, SmimeOids.SmimeCapabilities, w => w.WriteEncodedValue(SmimeCapabilities.CreateAttribute().RawData));
        }
    }

    private static void WriteAttribute(AsnWriter writer, string type, Action<AsnWriter> value)
    {
        using (writer.PushSequence())
        {
            writer.WriteObjectIdentifier(type);
            using (writer.PushSetOf())
            {
                value(writer);
            }
        }
    }
}
