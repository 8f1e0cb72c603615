using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using MimeKit;
using Smgw.Crypto.Certificates;
using SubjectIdentifierType = System.Security.Cryptography.Pkcs.SubjectIdentifierType;
using X509IssuerSerial = System.Security.Cryptography.Xml.X509IssuerSerial;

namespace Smgw.Crypto.Smime;

/// <summary>The engine's CMS and MIME plumbing: signer verification, CMS encoding/decoding (canonical bytes: <see cref="Mime.MimeCanonical"/>).</summary>
public sealed partial class SmimeEngine
{
    private SmimeVerification VerifySigner(
        SignerInfo signerInfo,
        X509Certificate2Collection included,
        X509Certificate2Collection trustAnchors,
        string? expectedAddress,
        MimeEntity content)
    {
        var signer = signerInfo.Certificate;
        DateTimeOffset? signingTime = null;
        IReadOnlyList<string> capabilities = [];
        foreach (var attribute in signerInfo.SignedAttributes)
        {
            var oid = attribute.Oid?.Value;
            if (oid == SmimeOids.SigningTimeAttribute && attribute.Values.Count > 0 && attribute.Values[0] is Pkcs9SigningTime time)
            {
                signingTime = new DateTimeOffset(DateTime.SpecifyKind(time.SigningTime, DateTimeKind.Utc));
            }
            else if (oid == SmimeOids.SmimeCapabilities && attribute.Values.Count > 0)
            {
                capabilities = SmimeCapabilities.Decode(attribute.Values[0].RawData);
            }
        }

        var digest = signerInfo.DigestAlgorithm.Value;
        if (signer is null)
        {
            return new SmimeVerification(false, "the signer's certificate is not included in the signature", null, signingTime, digest, null, content, capabilities);
        }

        string? error = null;
        try
        {
            signerInfo.CheckSignature(verifySignatureOnly: true);
        }
        catch (CryptographicException e)
        {
            error = e.Message;
        }

        var validation = _signerValidation(signer, trustAnchors, expectedAddress, included);
        return new SmimeVerification(error is null, error, signer, signingTime, digest, validation, content, capabilities)
        {
            Included = included,
            WeakDigest = SmimeOids.WeakDigestName(digest) ?? SmimeOids.WeakDigestName(signerInfo.SignatureAlgorithm.Value),
        };
    }

    /// <summary>
    /// The RSA modulus size read from the SubjectPublicKeyInfo, or null when the key is not RSA.
    /// (Cheaper than GetRSAPublicKey, which imports the key into OpenSSL: that import is a
    /// measurable share of an encryption.)
    /// </summary>
    internal static int? RsaModulusBits(X509Certificate2 certificate)
    {
        if (certificate.PublicKey.Oid.Value != SmimeOids.RsaEncryption)
        {
            return null;
        }

        try
        {
            var key = new AsnReader(certificate.PublicKey.EncodedKeyValue.RawData, AsnEncodingRules.DER).ReadSequence();
            var modulus = key.ReadIntegerBytes().Span;
            while (modulus.Length > 0 && modulus[0] == 0)
            {
                modulus = modulus[1..];
            }

            return modulus.Length == 0 ? 0 : ((modulus.Length - 1) * 8) + (32 - System.Numerics.BitOperations.LeadingZeroCount((uint)modulus[0]));
        }
        catch (AsnContentException)
        {
            return null;
        }
    }

    private static (byte[] Content, string Algorithm) DecryptEnveloped(byte[] der, IReadOnlyCollection<SmimeIdentity> identities)
    {
        try
        {
            // The managed reader: key agreement (EnvelopedCms cannot on Linux) and key transport
            // with RFC 3218's random key on failure (EnvelopedCms tells a bad padding apart).
            return ManagedEnvelopedData.Decrypt(der, identities);
        }
        catch (NotSupportedException e)
        {
            // RC2 or DES from a very old client: EnvelopedCms reads those, by key transport only.
            if (identities.Any(i => KeyAgreement.IsEc(i.Certificate)))
            {
                throw new SmimeException($"unsupported {e.Message}", e);
            }
        }
        var enveloped = new EnvelopedCms();
        DecodeCms(enveloped, der);
        foreach (var identity in identities)
        {
            foreach (var recipientInfo in enveloped.RecipientInfos)
            {
                if (!Matches(recipientInfo.RecipientIdentifier, identity.Certificate))
                {
                    continue;
                }

                try
                {
                    enveloped.Decrypt(recipientInfo, identity.PrivateKey);
                }
                catch (CryptographicException e)
                {
                    throw new SmimeException($"decryption with {identity.Certificate.Subject} failed: {e.Message}", e);
                }

                return (enveloped.ContentInfo.Content, enveloped.ContentEncryptionAlgorithm.Oid.Value ?? "");
            }
        }

        throw new SmimeException("the message is not encrypted to any of the given certificates");
    }

    internal static bool Matches(SubjectIdentifier identifier, X509Certificate2 certificate)
    {
        switch (identifier.Type)
        {
            case SubjectIdentifierType.IssuerAndSerialNumber when identifier.Value is X509IssuerSerial issuerSerial:
                return string.Equals(TrimSerial(issuerSerial.SerialNumber), TrimSerial(certificate.SerialNumber), StringComparison.OrdinalIgnoreCase)
                    && string.Equals(issuerSerial.IssuerName, certificate.IssuerName.Name, StringComparison.Ordinal);
            case SubjectIdentifierType.SubjectKeyIdentifier when identifier.Value is string ski:
                var extension = certificate.Extensions.OfType<X509SubjectKeyIdentifierExtension>().FirstOrDefault();
                return extension?.SubjectKeyIdentifier is { } own && string.Equals(own, ski, StringComparison.OrdinalIgnoreCase);
            default:
                return false;
        }
    }

    private static string TrimSerial(string serial) => serial.TrimStart('0');

    private static void DecodeCms(SignedCms cms, byte[] der)
    {
        try
        {
            cms.Decode(der);
        }
        catch (CryptographicException e)
        {
            throw new SmimeException($"malformed signed data: {e.Message}", e);
        }
    }

    private static void DecodeCms(EnvelopedCms cms, byte[] der)
    {
        try
        {
            cms.Decode(der);
        }
        catch (CryptographicException e)
        {
            throw new SmimeException($"malformed enveloped data: {e.Message}", e);
        }
    }

    /// <summary>The outer ContentInfo's content type OID (BER, as OpenSSL streams it), or "" when unreadable.</summary>
    internal static string SniffContentType(byte[] der)
    {
        try
        {
            var reader = new AsnReader(der, AsnEncodingRules.BER);
            return reader.ReadSequence().ReadObjectIdentifier();
        }
        catch (AsnContentException)
        {
            return "";
        }
    }

    private static bool IsPkcs7Mime(MimePart part)
        => part.ContentType.IsMimeType("application", "pkcs7-mime") || part.ContentType.IsMimeType("application", "x-pkcs7-mime");

    private static byte[] ReadPkcs7(MimeEntity entity)
    {
        if (entity is not MimePart part || !IsPkcs7Mime(part))
        {
            throw new SmimeException($"{entity.ContentType.MimeType} is not application/pkcs7-mime");
        }

        return DecodeContent(part);
    }

    private static byte[] DecodeContent(MimePart part)
    {
        if (part.Content is null)
        {
            throw new SmimeException("empty S/MIME part");
        }

        using var memory = new MemoryStream();
        part.Content.DecodeTo(memory);
        return memory.ToArray();
    }

    private static MimeEntity RequireBody(MimeMessage message)
        => message.Body ?? throw new ArgumentException("the message has no body", nameof(message));
}
