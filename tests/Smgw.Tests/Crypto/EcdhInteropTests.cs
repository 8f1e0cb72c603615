using System.Text;
using MimeKit;
using Smgw.Crypto.Smime;
using Xunit;

namespace Smgw.Tests.Crypto;

/// <summary>
/// EC recipients (ECDH key agreement, RFC 5753) both ways with the real openssl binary, alone and
/// together with RSA recipients, in enveloped-data (AES-256-CBC) and AuthEnvelopedData (AES-256-GCM).
/// </summary>
[Collection(TestPkiCollection.Name)]
public sealed class EcdhInteropTests(TestPki pki) : IDisposable
{
    private readonly SmimeEngine _engine = new();
    private readonly string _dir = Directory.CreateTempSubdirectory("smgw-ecdh-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private SmimeIdentity Identity(string name) => name switch
    {
        "alice" => pki.Alice,
        "bob" => pki.Bob,
        "erin" => pki.Erin,
        "frank" => pki.Frank,
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    [Theory]
    [InlineData("erin", false)]
    [InlineData("erin", true)]
    [InlineData("frank", false)]
    [InlineData("erin,bob", false)]
    [InlineData("bob,frank", true)]
    public async Task What_the_engine_encrypts_to_ec_recipients_openssl_decrypts_for_each_of_them(string recipients, bool gcm)
    {
        var names = recipients.Split(',');
        var capabilities = gcm ? SmimeEngine.AdvertisedCapabilities.ToList() : null;
        var message = TestMessages.Create("alice@example.org", names[0] + "@example.org");
        var encrypted = _engine.SignAndEncrypt(message, pki.Alice, names.Select(n => new SmimeRecipient(Identity(n).Certificate, Capabilities: capabilities)).ToList());
        await File.WriteAllBytesAsync(Path.Combine(_dir, "enc.eml"), TestMessages.ToBytes(encrypted));

        var printed = Encoding.ASCII.GetString(await OpenSsl.RunOkAsync(_dir, "cms", "-cmsout", "-print", "-in", "enc.eml"));
        Assert.Contains(gcm ? "aes-256-gcm" : "aes-256-cbc", printed, StringComparison.Ordinal);
        Assert.Contains("dhSinglePass-stdDH-sha256kdf-scheme", printed, StringComparison.Ordinal);
        Assert.Contains("id-aes256-wrap", printed, StringComparison.Ordinal);

        foreach (var name in names)
        {
            await OpenSsl.RunOkAsync(_dir, "cms", "-decrypt", "-in", "enc.eml", "-recip", pki.PathOf(name + ".pem"), "-inkey", pki.PathOf(name + ".key"), "-out", name + ".dec.eml");
            await OpenSsl.RunOkAsync(_dir, "cms", "-verify", "-in", name + ".dec.eml", "-CAfile", pki.PathOf("ca.pem"), "-out", name + ".content.eml");
            var content = MimeEntity.Load(Path.Combine(_dir, name + ".content.eml"));
            Assert.Equal(TestMessages.Text, TestMessages.TextOf(content));
            Assert.Equal(TestMessages.Attachment, TestMessages.AttachmentOf(content));
        }
    }

    [Theory]
    [InlineData("erin", "-aes256")]
    [InlineData("erin", "-aes-256-gcm")]
    [InlineData("frank", "-aes128")]
    public async Task What_openssl_encrypts_to_an_ec_certificate_the_engine_decrypts(string recipient, string cipher)
    {
        var body = TestMessages.Create("bob@example.net", recipient + "@example.org").Body!;
        await using (var file = File.Create(Path.Combine(_dir, "body.eml")))
        {
            body.WriteTo(file);
        }
        await OpenSsl.RunOkAsync(_dir, "cms", "-encrypt", cipher, "-in", "body.eml", "-out", "enc.eml", "-to", recipient + "@example.org", pki.PathOf(recipient + ".pem"));

        var message = MimeMessage.Load(Path.Combine(_dir, "enc.eml"));
        var decrypted = _engine.Decrypt(message, [pki.Alice, Identity(recipient)]);

        Assert.Equal(TestMessages.Text, TestMessages.TextOf(decrypted.Content));
        Assert.Equal(TestMessages.Attachment, TestMessages.AttachmentOf(decrypted.Content));
    }

    [Fact]
    public void A_message_for_an_ec_and_an_rsa_recipient_opens_with_either_key_and_with_no_other()
    {
        var encrypted = _engine.Encrypt(TestMessages.Create().Body!, [new SmimeRecipient(pki.Erin.Certificate), new SmimeRecipient(pki.Bob.Certificate)]);

        Assert.Equal(TestMessages.Text, TestMessages.TextOf(_engine.Decrypt(encrypted, pki.Erin).Content));
        // Bob alone: the RSA path (EnvelopedCms) reads what the managed writer wrote.
        Assert.Equal(TestMessages.Text, TestMessages.TextOf(_engine.Decrypt(encrypted, pki.Bob).Content));
        Assert.Throws<SmimeException>(() => _engine.Decrypt(encrypted, pki.Frank));
    }

    [Fact]
    public void Aes_key_wrap_matches_the_rfc_3394_test_vector()
    {
        var kek = Convert.FromHexString("000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F");
        var key = Convert.FromHexString("00112233445566778899AABBCCDDEEFF000102030405060708090A0B0C0D0E0F");

        var wrapped = KeyAgreement.Wrap(kek, key);

        Assert.Equal("28C9F404C4B810F4CBCCB35CFB87F8263F5786E2D80ED326CBC7F0E71A99F43BFB988B9B7A02DD21", Convert.ToHexString(wrapped));
        Assert.Equal(key, KeyAgreement.Unwrap(kek, wrapped));
        wrapped[5] ^= 1;
        Assert.Throws<SmimeException>(() => KeyAgreement.Unwrap(kek, wrapped));
    }
}
