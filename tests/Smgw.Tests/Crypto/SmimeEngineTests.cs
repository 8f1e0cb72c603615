using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using MimeKit;
using MimeKit.Cryptography;
using Smgw.Crypto.Certificates;
using Smgw.Crypto.Smime;
using Xunit;

namespace Smgw.Tests.Crypto;

[Collection(TestPkiCollection.Name)]
public sealed class SmimeEngineTests(TestPki pki)
{
    private readonly SmimeEngine _engine = new();

    [Fact]
    public void Signed_message_verifies_with_signer_signing_time_and_capabilities()
    {
        var signed = TestMessages.Roundtrip(_engine.Sign(TestMessages.Create("alice@example.org"), pki.Alice));

        var body = Assert.IsType<MultipartSigned>(signed.Body);
        Assert.Equal("application/pkcs7-signature", body.ContentType.Parameters["protocol"]);
        Assert.Equal("sha-256", body.ContentType.Parameters["micalg"]);
        var result = _engine.Verify(signed, pki.Anchors);
        Assert.True(result.IsValid, string.Join("; ", result.Reasons));
        Assert.True(result.SignatureValid);
        Assert.True(result.ChainValid);
        Assert.True(result.AddressMatches);
        Assert.Equal(pki.Alice.Certificate.Thumbprint, result.Signer!.Thumbprint);
        Assert.Equal("2.16.840.1.101.3.4.2.1", result.DigestAlgorithm);
        Assert.InRange(result.SigningTime!.Value, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(1));
        Assert.Equal([SmimeOids.Aes256Gcm, SmimeOids.Aes256Cbc, SmimeOids.Aes128Cbc], result.SignerCapabilities);
        Assert.Equal(TestMessages.Text, TestMessages.TextOf(result.Content!));
        Assert.Equal(TestMessages.Attachment, TestMessages.AttachmentOf(result.Content!));
    }

    [Fact]
    public void The_signature_carries_the_signer_its_intermediates_and_the_four_signed_attributes()
    {
        var signer = new SmimeIdentity(pki.Alice.Certificate, pki.Alice.PrivateKey, [pki.OtherCa]);
        var signed = TestMessages.Roundtrip(_engine.Sign(TestMessages.Create("alice@example.org"), signer));

        var cms = new SignedCms();
        cms.Decode(Pkcs7Bytes(Assert.IsType<ApplicationPkcs7Signature>(Assert.IsType<MultipartSigned>(signed.Body)[1])));
        var info = Assert.Single(cms.SignerInfos.Cast<SignerInfo>());

        Assert.Empty(cms.ContentInfo.Content); // detached: the content is the first part, not inside
        Assert.Equal(1, cms.Version);
        Assert.Equal(System.Security.Cryptography.Pkcs.SubjectIdentifierType.IssuerAndSerialNumber, info.SignerIdentifier.Type);
        Assert.Equal(new[] { pki.Alice.Certificate.Thumbprint, pki.OtherCa.Thumbprint }.Order(), cms.Certificates.Select(c => c.Thumbprint).Order());
        Assert.Equal(
            ["1.2.840.113549.1.9.15", "1.2.840.113549.1.9.3", "1.2.840.113549.1.9.4", "1.2.840.113549.1.9.5"],
            info.SignedAttributes.Cast<CryptographicAttributeObject>().Select(a => a.Oid.Value!).Order());
        Assert.Equal(SmimeOids.Sha256, info.DigestAlgorithm.Value);
    }

    [Theory]
    [InlineData(NewLineFormat.Unix)]
    [InlineData(NewLineFormat.Dos)]
    public void Signature_survives_either_line_ending_on_the_wire_and_added_gateway_headers(NewLineFormat newLine)
    {
        var signed = TestMessages.Roundtrip(_engine.Sign(TestMessages.Create(), pki.Alice), newLine);
        signed.Headers.Add("X-Smgw-Verified", "pass");
        signed.Headers.Add("Received", "from gateway by gateway; Mon, 1 Jan 2024 00:00:00 +0000");

        var result = _engine.Verify(TestMessages.Roundtrip(signed), pki.Anchors);

        Assert.True(result.IsValid, string.Join("; ", result.Reasons));
    }

    [Fact]
    public void Ecdsa_p256_signature_verifies()
    {
        var signed = TestMessages.Roundtrip(_engine.Sign(TestMessages.Create("carol@example.org"), pki.Carol));

        var result = _engine.Verify(signed, pki.Anchors);

        Assert.True(result.IsValid, string.Join("; ", result.Reasons));
        Assert.Equal("1.2.840.10045.2.1", result.Signer!.PublicKey.Oid.Value);
    }

    [Fact]
    public void Tampered_body_fails_verification()
    {
        var wire = System.Text.Encoding.ASCII.GetString(TestMessages.ToBytes(_engine.Sign(TestMessages.Create(), pki.Alice)));
        var tampered = wire.Replace("Hello Bob,", "Hello Bib,", StringComparison.Ordinal);
        Assert.NotEqual(wire, tampered);

        var result = _engine.Verify(MimeMessage.Load(new MemoryStream(System.Text.Encoding.ASCII.GetBytes(tampered))), pki.Anchors);

        Assert.False(result.SignatureValid);
        Assert.False(result.IsValid);
        Assert.NotNull(result.SignatureError);
        Assert.True(result.ChainValid); // the certificate itself is fine; the content is not
    }

    [Fact]
    public void Untrusted_ca_gives_chain_invalid_with_reason()
    {
        var signed = TestMessages.Roundtrip(_engine.Sign(TestMessages.Create("mallory@example.org"), pki.Mallory));

        var result = _engine.Verify(signed, pki.Anchors);

        Assert.True(result.SignatureValid);
        Assert.False(result.ChainValid);
        Assert.False(result.IsValid);
        Assert.True(result.Certificate!.Has(CertificateProblem.Untrusted), string.Join("; ", result.Reasons));
        Assert.True(_engine.Verify(signed, [pki.OtherCa]).IsValid);
    }

    [Fact]
    public void Expired_certificate_gives_expired_reason()
    {
        var signed = TestMessages.Roundtrip(_engine.Sign(TestMessages.Create("dave@example.org"), pki.Dave));

        var result = _engine.Verify(signed, pki.Anchors);

        Assert.True(result.SignatureValid);
        Assert.False(result.ChainValid);
        Assert.True(result.Certificate!.Has(CertificateProblem.Expired), string.Join("; ", result.Reasons));
        Assert.Contains(result.Reasons, r => r.Contains("Dave", StringComparison.Ordinal));
    }

    [Fact]
    public void Certificate_without_email_signing_usage_gives_wrong_key_usage()
    {
        var signed = TestMessages.Roundtrip(_engine.Sign(TestMessages.Create("eve@example.org"), pki.Eve));

        var result = _engine.Verify(signed, pki.Anchors);

        Assert.False(result.IsValid);
        Assert.True(result.Certificate!.Has(CertificateProblem.WrongKeyUsage), string.Join("; ", result.Reasons));
        Assert.True(result.ChainValid);
    }

    [Theory]
    [InlineData("alice@example.org", true)]
    [InlineData("ALICE@EXAMPLE.ORG", true)]
    [InlineData("alice@example.com", false)]
    [InlineData("mallory@example.org", false)]
    public void From_address_is_compared_case_insensitively_with_the_certificate(string from, bool matches)
    {
        var signed = TestMessages.Roundtrip(_engine.Sign(TestMessages.Create(from), pki.Alice));

        var result = _engine.Verify(signed, pki.Anchors);

        Assert.True(result.SignatureValid);
        Assert.True(result.ChainValid);
        Assert.Equal(matches, result.AddressMatches);
        Assert.Equal(matches, !result.Certificate!.Has(CertificateProblem.AddressNotInCertificate));
    }

    [Fact]
    public void Encryption_uses_aes256_cbc_never_3des_and_keeps_headers_and_attachments()
    {
        var original = TestMessages.Create();
        var encrypted = TestMessages.Roundtrip(_engine.Encrypt(original, [new SmimeRecipient(pki.Bob.Certificate)]));

        var part = Assert.IsType<ApplicationPkcs7Mime>(encrypted.Body);
        Assert.Equal(SecureMimeType.EnvelopedData, part.SecureMimeType);
        var cms = new EnvelopedCms();
        cms.Decode(Pkcs7Bytes(part));
        Assert.Equal(SmimeOids.Aes256Cbc, cms.ContentEncryptionAlgorithm.Oid.Value);
        Assert.NotEqual(SmimeOids.DesEde3Cbc, cms.ContentEncryptionAlgorithm.Oid.Value);
        Assert.Equal(original.Subject, encrypted.Subject);
        Assert.Equal(original.MessageId, encrypted.MessageId);
        Assert.Equal("kept-as-is", encrypted.Headers["X-Tenant-Trace"]);
        Assert.DoesNotContain("Grüße", System.Text.Encoding.UTF8.GetString(TestMessages.ToBytes(encrypted)), StringComparison.Ordinal);

        var decrypted = _engine.Decrypt(encrypted, [pki.Bob]);

        Assert.Equal(SmimeOids.Aes256Cbc, decrypted.ContentEncryptionAlgorithm);
        Assert.Equal(TestMessages.Text, TestMessages.TextOf(decrypted.Content));
        Assert.Equal(TestMessages.Attachment, TestMessages.AttachmentOf(decrypted.Content));
        Assert.Equal(original.Subject, decrypted.Message!.Subject);
        Assert.IsType<Multipart>(decrypted.Message.Body, exactMatch: false);
    }

    [Fact]
    public void Several_recipients_each_decrypt_and_a_stranger_cannot()
    {
        var encrypted = TestMessages.Roundtrip(_engine.Encrypt(
            TestMessages.Create(),
            [new SmimeRecipient(pki.Alice.Certificate), new SmimeRecipient(pki.Bob.Certificate)]));

        Assert.Equal(TestMessages.Text, TestMessages.TextOf(_engine.Decrypt(encrypted, [pki.Alice]).Content));
        Assert.Equal(TestMessages.Text, TestMessages.TextOf(_engine.Decrypt(encrypted, [pki.Mallory, pki.Bob]).Content));
        var error = Assert.Throws<SmimeException>(() => _engine.Decrypt(encrypted, [pki.Mallory]));
        Assert.Contains("not encrypted to", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Oaep_is_used_when_asked()
    {
        var encrypted = TestMessages.Roundtrip(_engine.Encrypt(TestMessages.Create(), [new SmimeRecipient(pki.Bob.Certificate, UseOaep: true)]));

        var cms = new EnvelopedCms();
        cms.Decode(Pkcs7Bytes(Assert.IsType<ApplicationPkcs7Mime>(encrypted.Body)));
        Assert.Equal(SmimeOids.RsaesOaep, cms.RecipientInfos[0].KeyEncryptionAlgorithm.Oid.Value);
        Assert.Equal(TestMessages.Text, TestMessages.TextOf(_engine.Decrypt(encrypted, [pki.Bob]).Content));
    }

    [Fact]
    public void A_recipient_key_below_2048_bits_is_refused_for_cbc_and_gcm()
    {
        using var weakKey = RSA.Create(1024);
        var request = new CertificateRequest("CN=Weak", weakKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var weak = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));

        var cbc = Assert.Throws<SmimeException>(() => _engine.Encrypt(TestMessages.Create(), [new SmimeRecipient(weak)]));
        var gcm = Assert.Throws<SmimeException>(() => _engine.Encrypt(TestMessages.Create(), [new SmimeRecipient(weak, Capabilities: [SmimeOids.Aes256Gcm])]));

        Assert.Contains("RSA-1024 is below 2048 bits", cbc.Message, StringComparison.Ordinal);
        Assert.Contains("RSA-1024 is below 2048 bits", gcm.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_public_key_imported_once_serves_several_messages_and_is_left_open()
    {
        using var bobKey = pki.Bob.Certificate.GetRSAPublicKey()!;
        var recipient = new SmimeRecipient(pki.Bob.Certificate) { PublicKey = bobKey };

        var first = TestMessages.Roundtrip(_engine.Encrypt(TestMessages.Create(), [recipient]));
        var second = TestMessages.Roundtrip(_engine.SignAndEncrypt(TestMessages.Create(), pki.Alice, [recipient]));

        Assert.Equal(TestMessages.Text, TestMessages.TextOf(_engine.Decrypt(first, [pki.Bob]).Content));
        Assert.True(_engine.Verify(_engine.Decrypt(second, [pki.Bob]).Message!, pki.Anchors).IsValid);
        Assert.Equal(384, bobKey.Encrypt(new byte[32], RSAEncryptionPadding.Pkcs1).Length); // still usable: the engine does not dispose what it was given
    }

    [Fact]
    public void Sign_and_encrypt_then_decrypt_and_verify()
    {
        var original = TestMessages.Create();
        var wire = TestMessages.Roundtrip(_engine.SignAndEncrypt(original, pki.Alice, [new SmimeRecipient(pki.Bob.Certificate)]));

        var decrypted = _engine.Decrypt(wire, [pki.Bob]);
        var result = _engine.Verify(decrypted.Message!, pki.Anchors);

        Assert.IsType<MultipartSigned>(decrypted.Content);
        Assert.True(result.IsValid, string.Join("; ", result.Reasons));
        Assert.Equal(TestMessages.Text, TestMessages.TextOf(result.Content!));
        Assert.Equal(original.Subject, decrypted.Message!.Subject);
        Assert.Equal("kept-as-is", decrypted.Message.Headers["X-Tenant-Trace"]);
    }

    [Fact]
    public void Aes256_gcm_only_when_every_recipient_advertised_it()
    {
        var gcm = new SmimeRecipient(pki.Bob.Certificate, Capabilities: SmimeEngine.AdvertisedCapabilities.ToList());
        var cbcOnly = new SmimeRecipient(pki.Alice.Certificate, Capabilities: [SmimeOids.Aes256Cbc]);

        var mixed = (ApplicationPkcs7Mime)_engine.Encrypt(TestMessages.Create().Body!, [gcm, cbcOnly]);
        var both = TestMessages.Roundtrip(_engine.Encrypt(TestMessages.Create(), [gcm, gcm with { Certificate = pki.Alice.Certificate, UseOaep = true }]));

        Assert.Equal(SmimeOids.EnvelopedData, SmimeEngine.SniffContentType(Pkcs7Bytes(mixed)));
        var part = Assert.IsType<ApplicationPkcs7Mime>(both.Body);
        Assert.Equal(SmimeOids.AuthEnvelopedData, SmimeEngine.SniffContentType(Pkcs7Bytes(part)));
        Assert.Equal("authEnveloped-data", part.ContentType.Parameters["smime-type"]);
        var decrypted = _engine.Decrypt(both, [pki.Bob]);
        Assert.Equal(SmimeOids.Aes256Gcm, decrypted.ContentEncryptionAlgorithm);
        Assert.Equal(TestMessages.Attachment, TestMessages.AttachmentOf(decrypted.Content));
        Assert.Equal(TestMessages.Text, TestMessages.TextOf(_engine.Decrypt(both, [pki.Alice]).Content));
    }

    [Fact]
    public void Altered_gcm_ciphertext_is_rejected()
    {
        var gcm = new SmimeRecipient(pki.Bob.Certificate, Capabilities: [SmimeOids.Aes256Gcm]);
        var part = _engine.Encrypt(TestMessages.Create().Body!, [gcm]);
        var der = Pkcs7Bytes(part);
        der[^40] ^= 0x01; // inside the ciphertext, before the 16-byte tag and its header

        var altered = new ApplicationPkcs7Mime(SecureMimeType.AuthEnvelopedData, new MemoryStream(der));

        var error = Assert.Throws<SmimeException>(() => _engine.Decrypt(altered, pki.Bob));
        Assert.Contains("authentication failed", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Certificate_addresses_come_from_rfc822_names()
    {
        Assert.Equal(["Alice@Example.ORG"], CertificateAddresses.Get(pki.Alice.Certificate));
        Assert.True(CertificateAddresses.Contains(pki.Alice.Certificate, "alice@example.org"));
    }

    [Fact]
    public void Encryption_validation_wants_key_agreement_from_ec_and_key_encipherment_from_rsa_recipients()
    {
        var validator = new CertificateValidator();

        Assert.True(validator.Validate(pki.Bob.Certificate, pki.Anchors, CertificatePurpose.EmailEncryption, "BOB@example.net").IsValid);
        Assert.True(validator.Validate(pki.Erin.Certificate, pki.Anchors, CertificatePurpose.EmailEncryption, "erin@example.org").IsValid);
        var carol = validator.Validate(pki.Carol.Certificate, pki.Anchors, CertificatePurpose.EmailEncryption);
        Assert.True(carol.Has(CertificateProblem.WrongKeyUsage));
        Assert.Contains("KeyAgreement", carol.Findings[0].Detail);
        Assert.True(validator.Validate(pki.Eve.Certificate, pki.Anchors, CertificatePurpose.EmailEncryption).Has(CertificateProblem.WrongKeyUsage));
    }

    [Theory]
    [InlineData("1.3.14.3.2.26", "SHA-1")]
    [InlineData("1.2.840.113549.2.5", "MD5")]
    [InlineData("2.16.840.1.101.3.4.2.1", null)]
    public void A_signature_over_a_broken_digest_is_not_valid_and_says_why(string digest, string? weak)
    {
        // Opaque signed-data, as another client writes it, with the digest under test.
        var content = "Content-Type: text/plain\r\n\r\nbitte zahlen\r\n"u8.ToArray();
        var cms = new SignedCms(new ContentInfo(content));
        cms.ComputeSignature(new System.Security.Cryptography.Pkcs.CmsSigner(System.Security.Cryptography.Pkcs.SubjectIdentifierType.IssuerAndSerialNumber, pki.Alice.Certificate, pki.Alice.PrivateKey) { DigestAlgorithm = new Oid(digest) });
        var part = new ApplicationPkcs7Mime(SecureMimeType.SignedData, new MemoryStream(cms.Encode()));
        var message = TestMessages.Create("alice@example.org");
        message.Body = part;

        var result = _engine.Verify(message, pki.Anchors);

        Assert.True(result.SignatureValid);
        Assert.Equal(weak, result.WeakDigest);
        Assert.Equal(weak is null, result.IsValid);
        Assert.True(result.IsValidAcceptingWeakDigest);
        Assert.Equal(weak is not null, result.Reasons.Contains($"WeakDigest: {weak}"));
        Assert.Contains("bitte zahlen", Assert.IsType<TextPart>(result.Content).Text);
    }

    [Fact]
    public void Decrypted_content_without_MIME_headers_is_text_plain()
    {
        var cms = new EnvelopedCms(new ContentInfo("Dear Sir: only text\n"u8.ToArray()));
        cms.Encrypt(new System.Security.Cryptography.Pkcs.CmsRecipient(pki.Bob.Certificate));
        var message = TestMessages.Create("alice@example.org");
        message.Body = new ApplicationPkcs7Mime(SecureMimeType.EnvelopedData, new MemoryStream(cms.Encode()));

        var decrypted = _engine.Decrypt(message, [pki.Bob]);

        var text = Assert.IsType<TextPart>(decrypted.Content);
        Assert.True(text.IsPlain);
        Assert.Equal("Dear Sir: only text\n", text.Text);
        Assert.Equal("AES-256-CBC", SmimeOids.CipherName(decrypted.ContentEncryptionAlgorithm));
    }

    private static byte[] Pkcs7Bytes(MimePart part)
    {
        using var memory = new MemoryStream();
        part.Content!.DecodeTo(memory);
        return memory.ToArray();
    }
}
