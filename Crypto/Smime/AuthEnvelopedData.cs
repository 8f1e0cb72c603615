using Smgw.Crypto.Certificates;
using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Smgw.Crypto.Smime;

/// <summary>
/// CMS AuthEnvelopedData (RFC 5083) with AES-GCM (RFC 5084), RSA key transport (PKCS #1 v1.5
/// or RSAES-OAEP) and ECDH key agreement (<see cref="KeyAgreement"/>), which
/// System.Security.Cryptography.Pkcs does not implement. The RecipientInfo code here serves
/// <see cref="ManagedEnvelopedData"/> too. Read with
/// <see cref="AsnReader"/>, written with <see cref="AsnWriter"/>, AES-GCM from <see cref="AesGcm"/>.
/// </summary>
internal static class AuthEnvelopedData
{
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private const string Aes128Gcm = "2.16.840.1.101.3.4.1.6";
    private const string Aes192Gcm = "2.16.840.1.101.3.4.1.26";
    private const string Sha1 = "1.3.14.3.2.26";
    private const string Sha384 = "2.16.840.1.101.3.4.2.2";
    private const string Sha512 = "2.16.840.1.101.3.4.2.3";
    private const string Mgf1 = "1.2.840.113549.1.1.8";
    private static readonly Asn1Tag s_context0 = new(TagClass.ContextSpecific, 0);
    private static readonly Asn1Tag s_context0Constructed = new(TagClass.ContextSpecific, 0, isConstructed: true);
    private static readonly Asn1Tag s_context1 = new(TagClass.ContextSpecific, 1, isConstructed: true);

    /// <summary>Encrypts <paramref name="content"/> (id-data) with AES-256-GCM to every recipient.</summary>
    public static byte[] Encrypt(ReadOnlySpan<byte> content, IReadOnlyCollection<SmimeRecipient> recipients)
    {
        Span<byte> key = stackalloc byte[32];
        Span<byte> nonce = stackalloc byte[NonceSize];
        Span<byte> tag = stackalloc byte[TagSize];
        RandomNumberGenerator.Fill(key);
        RandomNumberGenerator.Fill(nonce);
        var ciphertext = new byte[content.Length];
        using (var gcm = new AesGcm(key, TagSize))
        {
            gcm.Encrypt(nonce, content, ciphertext, tag);
        }

        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteObjectIdentifier(SmimeOids.AuthEnvelopedData);
            using (writer.PushSequence(s_context0Constructed))
            using (writer.PushSequence())
            {
                writer.WriteInteger(0);
                using (writer.PushSetOf())
                {
                    foreach (var recipient in recipients)
                    {
                        WriteRecipientInfo(writer, recipient, key);
                    }
                }

                using (writer.PushSequence())
                {
                    writer.WriteObjectIdentifier(SmimeOids.Data);
                    using (writer.PushSequence())
                    {
                        writer.WriteObjectIdentifier(SmimeOids.Aes256Gcm);
                        using (writer.PushSequence())
                        {
                            writer.WriteOctetString(nonce);
                            writer.WriteInteger(TagSize);
                        }
                    }

                    writer.WriteOctetString(ciphertext, s_context0);
                }

                writer.WriteOctetString(tag);
            }
        }

        CryptographicOperations.ZeroMemory(key);
        return writer.Encode();
    }

    /// <summary>A KeyTransRecipientInfo for an RSA recipient, a KeyAgreeRecipientInfo for an EC one.</summary>
    internal static void WriteRecipientInfo(AsnWriter writer, SmimeRecipient recipient, ReadOnlySpan<byte> key)
    {
        if (KeyAgreement.IsEc(recipient.Certificate))
        {
            KeyAgreement.Write(writer, recipient.Certificate, key);
        }
        else
        {
            WriteKeyTransRecipientInfo(writer, recipient, key);
        }
    }

    private static void WriteKeyTransRecipientInfo(AsnWriter writer, SmimeRecipient recipient, ReadOnlySpan<byte> key)
    {
        var bits = SmimeEngine.RsaModulusBits(recipient.Certificate)
            ?? throw new NotSupportedException($"{recipient.Certificate.Subject}: neither an RSA nor an EC key");
        if (bits < 2048)
        {
            throw new SmimeException($"{recipient.Certificate.Subject}: RSA-{bits} is below 2048 bits");
        }
        var padding = recipient.UseOaep ? RSAEncryptionPadding.OaepSHA256 : RSAEncryptionPadding.Pkcs1;
        byte[] encryptedKey;
        if (recipient.PublicKey is { } imported)
        {
            encryptedKey = imported.Encrypt(key.ToArray(), padding);
        }
        else
        {
            using var rsa = recipient.Certificate.GetRSAPublicKey()!;
            encryptedKey = rsa.Encrypt(key.ToArray(), padding);
        }
        using (writer.PushSequence())
        {
            writer.WriteInteger(0);
            IssuerSerial.Write(writer, recipient.Certificate);

            using (writer.PushSequence())
            {
                if (recipient.UseOaep)
                {
                    writer.WriteObjectIdentifier(SmimeOids.RsaesOaep);
                    using (writer.PushSequence())
                    {
                        using (writer.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 0, true)))
                        using (writer.PushSequence())
                        {
                            writer.WriteObjectIdentifier(SmimeOids.Sha256);
                        }

                        using (writer.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 1, true)))
                        using (writer.PushSequence())
                        {
                            writer.WriteObjectIdentifier(Mgf1);
                            using (writer.PushSequence())
                            {
                                writer.WriteObjectIdentifier(SmimeOids.Sha256);
                            }
                        }
                    }
                }
                else
                {
                    writer.WriteObjectIdentifier(SmimeOids.RsaEncryption);
                    writer.WriteNull();
                }
            }

            writer.WriteOctetString(encryptedKey);
        }
    }

    /// <summary>Decrypts AuthEnvelopedData addressed (by a KeyTransRecipientInfo) to one of <paramref name="identities"/>.</summary>
    public static (byte[] Content, string Algorithm) Decrypt(byte[] ber, IReadOnlyCollection<SmimeIdentity> identities)
    {
        try
        {
            return DecryptCore(ber, identities);
        }
        catch (AsnContentException e)
        {
            throw new SmimeException($"malformed AuthEnvelopedData: {e.Message}", e);
        }
    }

    private static (byte[] Content, string Algorithm) DecryptCore(byte[] ber, IReadOnlyCollection<SmimeIdentity> identities)
    {
        var contentInfo = new AsnReader(ber, AsnEncodingRules.BER).ReadSequence();
        contentInfo.ReadObjectIdentifier();
        var auth = contentInfo.ReadSequence(s_context0Constructed).ReadSequence();
        auth.ReadInteger();
        if (auth.PeekTag().HasSameClassAndValue(s_context0))
        {
            auth.ReadEncodedValue(); // originatorInfo
        }

        var recipientInfos = auth.ReadSetOf(skipSortOrderValidation: true);
        var encryptedContentInfo = auth.ReadSequence();
        byte[] aad = [];
        if (auth.HasData && auth.PeekTag().HasSameClassAndValue(s_context1))
        {
            // RFC 5083 2.1: the DER of authAttrs with an EXPLICIT SET OF tag is the AAD.
            aad = auth.ReadEncodedValue().ToArray();
            aad[0] = 0x31;
        }

        var mac = auth.ReadOctetString();

        encryptedContentInfo.ReadObjectIdentifier();
        var algorithm = encryptedContentInfo.ReadSequence();
        var algorithmOid = algorithm.ReadObjectIdentifier();
        var keySize = algorithmOid switch
        {
            SmimeOids.Aes256Gcm => 32,
            Aes192Gcm => 24,
            Aes128Gcm => 16,
            _ => throw new SmimeException($"unsupported AuthEnvelopedData algorithm {algorithmOid}"),
        };
        var parameters = algorithm.ReadSequence();
        var nonce = parameters.ReadOctetString();
        var icvLength = parameters.HasData ? (int)parameters.ReadInteger() : 12;
        if (nonce.Length != NonceSize || icvLength != mac.Length || icvLength is < 12 or > 16)
        {
            throw new SmimeException($"unsupported GCM parameters (nonce {nonce.Length} bytes, ICV {icvLength}, MAC {mac.Length})");
        }

        var ciphertext = encryptedContentInfo.HasData ? encryptedContentInfo.ReadOctetString(s_context0) : [];

        var key = UnwrapContentKey(recipientInfos, identities, keySize);
        try
        {
            var plaintext = new byte[ciphertext.Length];
            using var gcm = new AesGcm(key, mac.Length);
            gcm.Decrypt(nonce, ciphertext, mac, plaintext, aad);
            return (plaintext, algorithmOid);
        }
        catch (CryptographicException e)
        {
            throw new SmimeException("AES-GCM authentication failed: the message was altered or the key is wrong", e);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    /// <summary>
    /// The content key from the first RecipientInfo addressed to one of <paramref name="identities"/>:
    /// key transport with an RSA key, key agreement with an EC key.
    /// </summary>
    internal static byte[] UnwrapContentKey(AsnReader recipientInfos, IReadOnlyCollection<SmimeIdentity> identities, int keySize)
    {
        while (recipientInfos.HasData)
        {
            var tag = recipientInfos.PeekTag();
            if (KeyAgreement.IsKeyAgreeRecipientInfo(tag))
            {
                if (KeyAgreement.TryUnwrap(recipientInfos.ReadEncodedValue(), identities) is { } agreed)
                {
                    if (agreed.Length != keySize)
                    {
                        CryptographicOperations.ZeroMemory(agreed);
                        throw new SmimeException("the content key has the wrong length");
                    }
                    return agreed;
                }
                continue;
            }
            if (tag != Asn1Tag.Sequence)
            {
                recipientInfos.ReadEncodedValue(); // KEK, password, other: not ours
                continue;
            }

            var ktri = recipientInfos.ReadSequence();
            ktri.ReadInteger();
            var rid = ktri.ReadEncodedValue();
            var keyAlgorithm = ktri.ReadSequence();
            var encryptedKey = ktri.ReadOctetString();
            foreach (var identity in identities)
            {
                if (!RidMatches(rid, identity.Certificate))
                {
                    continue;
                }

                if (identity.PrivateKey is not RSA rsa)
                {
                    throw new SmimeException($"{identity.Certificate.Subject}: key transport needs an RSA key");
                }

                return DecryptKey(rsa, encryptedKey, ReadPadding(keyAlgorithm), keySize);
            }
        }

        throw new SmimeException("the message is not encrypted to any of the given certificates");
    }

    /// <summary>
    /// RSA key transport. RFC 3218 §2.3.2 (the Million Message Attack): when the key does not
    /// decrypt or has the wrong length, a random key of the right length is returned instead, so the
    /// failure shows only as content that does not decrypt — the same as a wrong key — and nothing
    /// tells a sender whether the padding was right (OpenSSL 3.0 here has no implicit rejection).
    /// </summary>
    private static byte[] DecryptKey(RSA rsa, byte[] encryptedKey, RSAEncryptionPadding padding, int keySize)
    {
        byte[] key;
        try
        {
            key = rsa.Decrypt(encryptedKey, padding);
        }
        catch (CryptographicException)
        {
            return RandomNumberGenerator.GetBytes(keySize);
        }

        if (key.Length != keySize)
        {
            CryptographicOperations.ZeroMemory(key);
            return RandomNumberGenerator.GetBytes(keySize);
        }

        return key;
    }

    private static RSAEncryptionPadding ReadPadding(AsnReader algorithm)
    {
        var oid = algorithm.ReadObjectIdentifier();
        if (oid == SmimeOids.RsaEncryption)
        {
            return RSAEncryptionPadding.Pkcs1;
        }

        if (oid != SmimeOids.RsaesOaep)
        {
            throw new SmimeException($"unsupported key transport algorithm {oid}");
        }

        var hash = Sha1;
        var mgfHash = Sha1;
        if (algorithm.HasData)
        {
            var oaep = algorithm.ReadSequence();
            if (oaep.HasData && oaep.PeekTag().HasSameClassAndValue(new Asn1Tag(TagClass.ContextSpecific, 0)))
            {
                hash = oaep.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 0, true)).ReadSequence().ReadObjectIdentifier();
            }

            if (oaep.HasData && oaep.PeekTag().HasSameClassAndValue(new Asn1Tag(TagClass.ContextSpecific, 1)))
            {
                var mgf = oaep.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 1, true)).ReadSequence();
                if (mgf.ReadObjectIdentifier() != Mgf1)
                {
                    throw new SmimeException("unsupported OAEP mask generation function");
                }

                mgfHash = mgf.ReadSequence().ReadObjectIdentifier();
            }

            if (oaep.HasData)
            {
                throw new SmimeException("OAEP labels (pSourceFunc) are not supported");
            }
        }

        if (hash != mgfHash)
        {
            throw new SmimeException("OAEP with different hash and MGF1 hash is not supported");
        }

        return hash switch
        {
            Sha1 => RSAEncryptionPadding.OaepSHA1,
            SmimeOids.Sha256 => RSAEncryptionPadding.OaepSHA256,
            Sha384 => RSAEncryptionPadding.OaepSHA384,
            Sha512 => RSAEncryptionPadding.OaepSHA512,
            _ => throw new SmimeException($"unsupported OAEP hash {hash}"),
        };
    }

    private static bool RidMatches(ReadOnlyMemory<byte> rid, X509Certificate2 certificate)
    {
        var reader = new AsnReader(rid, AsnEncodingRules.BER);
        var tag = reader.PeekTag();
        if (tag == Asn1Tag.Sequence)
        {
            return IssuerSerial.Matches(reader.ReadSequence(), certificate);
        }

        if (tag.HasSameClassAndValue(s_context0))
        {
            var ski = reader.ReadOctetString(s_context0);
            var extension = certificate.Extensions.OfType<X509SubjectKeyIdentifierExtension>().FirstOrDefault();
            return extension is not null && extension.SubjectKeyIdentifierBytes.Span.SequenceEqual(ski);
        }

        return false;
    }
}
