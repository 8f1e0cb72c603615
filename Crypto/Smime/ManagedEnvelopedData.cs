using System.Formats.Asn1;
using System.Security.Cryptography;

namespace Smgw.Crypto.Smime;

/// <summary>
/// CMS EnvelopedData (RFC 5652 §6) with AES-CBC. Every EnvelopedData the gateway sends is written
/// here (<see cref="System.Security.Cryptography.Pkcs.EnvelopedCms"/> cannot do key agreement on
/// Linux, and imports each recipient's RSA key per message), and every one the gateway reads with
/// AES-CBC or 3DES-CBC content is read here (so a failed RSA key transport continues with a random
/// key, RFC 3218); only older algorithms (RC2, DES) go to EnvelopedCms. RecipientInfos: see
/// <see cref="AuthEnvelopedData.WriteRecipientInfo"/> and <see cref="AuthEnvelopedData.UnwrapContentKey"/>.
/// </summary>
internal static class ManagedEnvelopedData
{
    private const string Aes128Cbc = "2.16.840.1.101.3.4.1.2";
    private const string Aes192Cbc = "2.16.840.1.101.3.4.1.22";
    private static readonly Asn1Tag s_explicit0 = new(TagClass.ContextSpecific, 0, isConstructed: true);
    private static readonly Asn1Tag s_implicit0 = new(TagClass.ContextSpecific, 0);

    /// <summary>Encrypts <paramref name="content"/> (id-data) with AES-256-CBC to every recipient.</summary>
    public static byte[] Encrypt(ReadOnlySpan<byte> content, IReadOnlyCollection<SmimeRecipient> recipients)
    {
        var key = RandomNumberGenerator.GetBytes(32);
        var iv = RandomNumberGenerator.GetBytes(16);
        try
        {
            byte[] ciphertext;
            using (var aes = Aes.Create())
            {
                aes.Key = key;
                ciphertext = aes.EncryptCbc(content, iv, PaddingMode.PKCS7);
            }

            var writer = new AsnWriter(AsnEncodingRules.DER);
            using (writer.PushSequence())
            {
                writer.WriteObjectIdentifier(SmimeOids.EnvelopedData);
                using (writer.PushSequence(s_explicit0))
                using (writer.PushSequence())
                {
                    // Version 2: a KeyAgreeRecipientInfo (version 3) is present (RFC 5652 §6.1).
                    writer.WriteInteger(recipients.Any(r => KeyAgreement.IsEc(r.Certificate)) ? 2 : 0);
                    using (writer.PushSetOf())
                    {
                        foreach (var recipient in recipients)
                        {
                            AuthEnvelopedData.WriteRecipientInfo(writer, recipient, key);
                        }
                    }
                    using (writer.PushSequence())
                    {
                        writer.WriteObjectIdentifier(SmimeOids.Data);
                        using (writer.PushSequence())
                        {
                            writer.WriteObjectIdentifier(SmimeOids.Aes256Cbc);
                            writer.WriteOctetString(iv);
                        }
                        writer.WriteOctetString(ciphertext, s_implicit0);
                    }
                }
            }
            return writer.Encode();
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    /// <summary>
    /// Decrypts EnvelopedData (AES-CBC, or 3DES-CBC from older clients) addressed to one of
    /// <paramref name="identities"/> by key transport or key agreement.
    /// </summary>
    /// <exception cref="NotSupportedException">Another content-encryption algorithm (the caller may try EnvelopedCms).</exception>
    public static (byte[] Content, string Algorithm) Decrypt(byte[] ber, IReadOnlyCollection<SmimeIdentity> identities)
    {
        try
        {
            var contentInfo = new AsnReader(ber, AsnEncodingRules.BER).ReadSequence();
            contentInfo.ReadObjectIdentifier();
            var enveloped = contentInfo.ReadSequence(s_explicit0).ReadSequence();
            enveloped.ReadInteger();
            if (enveloped.PeekTag().HasSameClassAndValue(s_implicit0))
            {
                enveloped.ReadEncodedValue(); // originatorInfo
            }
            var recipientInfos = enveloped.ReadSetOf(skipSortOrderValidation: true);
            var encryptedContentInfo = enveloped.ReadSequence();
            encryptedContentInfo.ReadObjectIdentifier();
            var algorithm = encryptedContentInfo.ReadSequence();
            var algorithmOid = algorithm.ReadObjectIdentifier();
            var keySize = algorithmOid switch
            {
                SmimeOids.Aes256Cbc => 32,
                Aes192Cbc => 24,
                Aes128Cbc => 16,
                SmimeOids.DesEde3Cbc => 24,
                _ => throw new NotSupportedException($"content encryption algorithm {algorithmOid}"),
            };
            var iv = algorithm.ReadOctetString();
            var blockSize = algorithmOid == SmimeOids.DesEde3Cbc ? 8 : 16;
            if (iv.Length != blockSize)
            {
                throw new SmimeException($"the CBC IV is not {blockSize} bytes");
            }
            var ciphertext = encryptedContentInfo.HasData ? encryptedContentInfo.ReadOctetString(s_implicit0) : [];

            var key = AuthEnvelopedData.UnwrapContentKey(recipientInfos, identities, keySize);
            try
            {
                using SymmetricAlgorithm cipher = algorithmOid == SmimeOids.DesEde3Cbc ? TripleDES.Create() : Aes.Create();
                cipher.Key = key;
                return (cipher.DecryptCbc(ciphertext, iv, PaddingMode.PKCS7), algorithmOid);
            }
            catch (CryptographicException e)
            {
                throw new SmimeException("the content does not decrypt: the message was altered or the key is wrong", e);
            }
            finally
            {
                CryptographicOperations.ZeroMemory(key);
            }
        }
        catch (AsnContentException e)
        {
            throw new SmimeException($"malformed EnvelopedData: {e.Message}", e);
        }
    }
}
