using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using MimeKit;
using MimeKit.Cryptography;
using Smgw.Crypto.Smime;
using Xunit;

namespace Smgw.Tests.Crypto;

/// <summary>
/// RFC 3218 §2.3.2: a key transport that fails (bad PKCS #1 padding, a key of the wrong length)
/// looks exactly like a wrong key — one error, whatever the sender sent — so a sender cannot use
/// the gateway as a padding oracle (OpenSSL 3.0 here has no implicit rejection).
/// </summary>
[Collection(TestPkiCollection.Name)]
public sealed class KeyTransportOracleTests(TestPki pki)
{
    /// <summary>EnvelopedData to Bob (AES-256-CBC) with <paramref name="encryptedKey"/> as his key transport.</summary>
    private MimeMessage Enveloped(byte[] encryptedKey, byte[] contentKey)
    {
        var iv = RandomNumberGenerator.GetBytes(16);
        using var aes = Aes.Create();
        aes.Key = contentKey;
        var ciphertext = aes.EncryptCbc("Content-Type: text/plain\r\n\r\nsecret\r\n"u8, iv, PaddingMode.PKCS7);
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteObjectIdentifier(SmimeOids.EnvelopedData);
            using (writer.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true)))
            using (writer.PushSequence())
            {
                writer.WriteInteger(0);
                using (writer.PushSetOf())
                using (writer.PushSequence())
                {
                    writer.WriteInteger(0);
                    using (writer.PushSequence())
                    {
                        writer.WriteEncodedValue(pki.Bob.Certificate.IssuerName.RawData);
                        writer.WriteEncodedValue(SerialAfterVersion());
                    }
                    using (writer.PushSequence())
                    {
                        writer.WriteObjectIdentifier(SmimeOids.RsaEncryption);
                        writer.WriteNull();
                    }
                    writer.WriteOctetString(encryptedKey);
                }
                using (writer.PushSequence())
                {
                    writer.WriteObjectIdentifier(SmimeOids.Data);
                    using (writer.PushSequence())
                    {
                        writer.WriteObjectIdentifier(SmimeOids.Aes256Cbc);
                        writer.WriteOctetString(iv);
                    }
                    writer.WriteOctetString(ciphertext, new Asn1Tag(TagClass.ContextSpecific, 0));
                }
            }
        }
        var message = TestMessages.Create("partner@example.org", "bob@example.net");
        message.Body = new ApplicationPkcs7Mime(SecureMimeType.EnvelopedData, new MemoryStream(writer.Encode()));
        return message;
    }

    /// <summary>Bob's serialNumber INTEGER as his (version 3) certificate encodes it.</summary>
    private byte[] SerialAfterVersion()
    {
        var tbs = new AsnReader(pki.Bob.Certificate.RawData, AsnEncodingRules.DER).ReadSequence().ReadSequence();
        tbs.ReadEncodedValue();
        return tbs.ReadEncodedValue().ToArray();
    }

    [Fact]
    public void Bad_padding_a_short_key_and_a_wrong_key_fail_alike_and_a_right_key_opens()
    {
        using var rsa = pki.Bob.Certificate.GetRSAPublicKey()!;
        var contentKey = RandomNumberGenerator.GetBytes(32);
        var engine = new SmimeEngine();
        string Error(byte[] encryptedKey) => Assert.Throws<SmimeException>(() => engine.Decrypt(Enveloped(encryptedKey, contentKey), [pki.Bob])).Message;

        var badPadding = Error(RandomNumberGenerator.GetBytes(rsa.KeySize / 8));
        var shortKey = Error(rsa.Encrypt(contentKey[..5], RSAEncryptionPadding.Pkcs1));
        var wrongKey = Error(rsa.Encrypt(RandomNumberGenerator.GetBytes(32), RSAEncryptionPadding.Pkcs1));

        Assert.Equal(wrongKey, badPadding);
        Assert.Equal(wrongKey, shortKey);
        Assert.DoesNotContain("padding", wrongKey, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("length", wrongKey, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("secret", TestMessages.TextOf(engine.Decrypt(Enveloped(rsa.Encrypt(contentKey, RSAEncryptionPadding.Pkcs1), contentKey), [pki.Bob]).Content));
    }
}
