using System.Text;
using MimeKit;
using Smgw.Crypto.Certificates;
using Smgw.Crypto.Smime;
using Xunit;

namespace Smgw.Tests.Crypto;

/// <summary>
/// Interop both ways with the real openssl binary: what the engine produces, `openssl cms`
/// decrypts and verifies against the test CA; what `openssl cms` produces, the engine decrypts
/// and verifies. Each test works in its own folder under the PKI's temp directory.
/// </summary>
[Collection(TestPkiCollection.Name)]
public sealed class OpenSslInteropTests(TestPki pki) : IDisposable
{
    private const string Subject = "Quarterly figures";
    private readonly SmimeEngine _engine = new();
    private readonly string _dir = CreateDirectory(pki);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData("alice", "bob", false, false)]
    [InlineData("carol", "alice", false, false)]
    [InlineData("alice", "bob", true, false)]
    [InlineData("alice", "bob", false, true)]
    [InlineData("carol", "bob", true, true)]
    public async Task Engine_sign_and_encrypt_is_decrypted_and_verified_by_openssl(string signer, string recipient, bool oaep, bool gcm)
    {
        var capabilities = gcm ? SmimeEngine.AdvertisedCapabilities.ToList() : null;
        var message = TestMessages.Create(Address(signer), Address(recipient));
        var encrypted = _engine.SignAndEncrypt(message, Identity(signer), [new SmimeRecipient(Identity(recipient).Certificate, oaep, capabilities)]);
        await File.WriteAllBytesAsync(Path.Combine(_dir, "enc.eml"), TestMessages.ToBytes(encrypted));

        var printed = Encoding.ASCII.GetString(await OpenSsl.RunOkAsync(_dir, "cms", "-cmsout", "-print", "-in", "enc.eml"));
        Assert.Contains(gcm ? "aes-256-gcm" : "aes-256-cbc", printed, StringComparison.Ordinal);
        Assert.DoesNotContain("des-ede3", printed, StringComparison.Ordinal);
        Assert.Contains(oaep ? "rsaesOaep" : "rsaEncryption", printed, StringComparison.Ordinal);

        await OpenSsl.RunOkAsync(_dir, "cms", "-decrypt", "-in", "enc.eml", "-recip", pki.PathOf(recipient + ".pem"), "-inkey", pki.PathOf(recipient + ".key"), "-out", "dec.eml");
        await OpenSsl.RunOkAsync(_dir, "cms", "-verify", "-in", "dec.eml", "-CAfile", pki.PathOf("ca.pem"), "-out", "content.eml");

        var content = MimeEntity.Load(Path.Combine(_dir, "content.eml"));
        Assert.Equal(TestMessages.Text, TestMessages.TextOf(content));
        Assert.Equal(TestMessages.Attachment, TestMessages.AttachmentOf(content));
    }

    [Fact]
    public async Task Openssl_rejects_engine_signature_over_altered_body_and_from_another_ca()
    {
        var signed = Encoding.ASCII.GetString(TestMessages.ToBytes(_engine.Sign(TestMessages.Create(), pki.Alice)));
        await File.WriteAllTextAsync(Path.Combine(_dir, "signed.eml"), signed);
        await File.WriteAllTextAsync(Path.Combine(_dir, "tampered.eml"), signed.Replace("Hello Bob,", "Hello Bib,", StringComparison.Ordinal));

        await OpenSsl.RunOkAsync(_dir, "cms", "-verify", "-in", "signed.eml", "-CAfile", pki.PathOf("ca.pem"), "-out", "content.eml");
        var (tamperedExit, _, tamperedError) = await OpenSsl.RunAsync(_dir, "cms", "-verify", "-in", "tampered.eml", "-CAfile", pki.PathOf("ca.pem"), "-out", "x.eml");
        var (otherCaExit, _, otherCaError) = await OpenSsl.RunAsync(_dir, "cms", "-verify", "-in", "signed.eml", "-CAfile", pki.PathOf("other-ca.pem"), "-out", "y.eml");

        Assert.NotEqual(0, tamperedExit);
        Assert.Contains("Verification failure", tamperedError, StringComparison.OrdinalIgnoreCase);
        Assert.NotEqual(0, otherCaExit);
        Assert.Contains("certificate", otherCaError, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("alice", false)]
    [InlineData("carol", false)]
    [InlineData("alice", true)]
    public async Task Openssl_signature_is_verified_by_the_engine(string signer, bool opaque)
    {
        await WriteBodyAsync("body.eml");
        string[] args = ["cms", "-sign", "-in", "body.eml", "-signer", pki.PathOf(signer + ".pem"), "-inkey", pki.PathOf(signer + ".key"), "-md", "sha256",
            "-from", Address(signer), "-to", "bob@example.net", "-subject", Subject, "-out", "signed.eml"];
        await OpenSsl.RunOkAsync(_dir, opaque ? [.. args, "-nodetach"] : args);

        var message = MimeMessage.Load(Path.Combine(_dir, "signed.eml"));
        var result = _engine.Verify(message, pki.Anchors);

        Assert.True(result.IsValid, string.Join("; ", result.Reasons));
        Assert.Equal(Identity(signer).Certificate.Thumbprint, result.Signer!.Thumbprint);
        Assert.NotNull(result.SigningTime);
        Assert.Equal(TestMessages.Text, TestMessages.TextOf(result.Content!));
        Assert.Equal(TestMessages.Attachment, TestMessages.AttachmentOf(result.Content!));
        Assert.False(_engine.Verify(message, [pki.OtherCa]).ChainValid);
    }

    [Theory]
    [InlineData("-aes256", null, "2.16.840.1.101.3.4.1.42")]
    [InlineData("-aes256", "rsa_padding_mode:oaep", "2.16.840.1.101.3.4.1.42")]
    [InlineData("-aes-256-gcm", null, "2.16.840.1.101.3.4.1.46")]
    [InlineData("-aes-128-gcm", "rsa_padding_mode:oaep", "2.16.840.1.101.3.4.1.6")]
    public async Task Openssl_encryption_is_decrypted_by_the_engine(string cipher, string? keyOption, string expectedAlgorithm)
    {
        await WriteBodyAsync("body.eml");
        List<string> args = ["cms", "-encrypt", cipher, "-in", "body.eml", "-from", "alice@example.org", "-to", "bob@example.net", "-subject", Subject, "-out", "enc.eml",
            "-recip", pki.PathOf("bob.pem")];
        if (keyOption is not null)
        {
            args.AddRange(["-keyopt", keyOption]);
        }

        await OpenSsl.RunOkAsync(_dir, [.. args]);

        var decrypted = _engine.Decrypt(MimeMessage.Load(Path.Combine(_dir, "enc.eml")), [pki.Alice, pki.Bob]);

        Assert.Equal(expectedAlgorithm, decrypted.ContentEncryptionAlgorithm);
        Assert.Equal(TestMessages.Text, TestMessages.TextOf(decrypted.Content));
        Assert.Equal(TestMessages.Attachment, TestMessages.AttachmentOf(decrypted.Content));
        Assert.Equal(Subject, decrypted.Message!.Subject);
        Assert.Throws<SmimeException>(() => _engine.Decrypt(MimeMessage.Load(Path.Combine(_dir, "enc.eml")), [pki.Mallory]));
    }

    [Theory]
    [InlineData("alice", "-aes256")]
    [InlineData("carol", "-aes-256-gcm")]
    public async Task Openssl_sign_then_encrypt_is_decrypted_and_verified_by_the_engine(string signer, string cipher)
    {
        await WriteBodyAsync("body.eml");
        await OpenSsl.RunOkAsync(_dir, "cms", "-sign", "-in", "body.eml", "-signer", pki.PathOf(signer + ".pem"), "-inkey", pki.PathOf(signer + ".key"), "-md", "sha256", "-out", "signed.eml");
        await OpenSsl.RunOkAsync(_dir, "cms", "-encrypt", cipher, "-in", "signed.eml", "-from", Address(signer), "-to", "bob@example.net", "-subject", Subject, "-out", "enc.eml", pki.PathOf("bob.pem"));

        var decrypted = _engine.Decrypt(MimeMessage.Load(Path.Combine(_dir, "enc.eml")), [pki.Bob]);
        var result = _engine.Verify(decrypted.Message!, pki.Anchors);

        Assert.True(result.IsValid, string.Join("; ", result.Reasons));
        Assert.Equal(TestMessages.Text, TestMessages.TextOf(result.Content!));
        Assert.Equal(TestMessages.Attachment, TestMessages.AttachmentOf(result.Content!));
    }

    [Fact]
    public async Task Openssl_signature_by_expired_certificate_is_reported_expired()
    {
        await WriteBodyAsync("body.eml");
        await OpenSsl.RunOkAsync(_dir, "cms", "-sign", "-in", "body.eml", "-signer", pki.PathOf("dave.pem"), "-inkey", pki.PathOf("dave.key"), "-md", "sha256",
            "-from", "dave@example.org", "-to", "bob@example.net", "-subject", Subject, "-out", "signed.eml");

        var result = _engine.Verify(MimeMessage.Load(Path.Combine(_dir, "signed.eml")), pki.Anchors);

        Assert.True(result.SignatureValid);
        Assert.False(result.IsValid);
        Assert.True(result.Certificate!.Has(CertificateProblem.Expired), string.Join("; ", result.Reasons));
    }

    private async Task WriteBodyAsync(string name)
    {
        var options = FormatOptions.Default.Clone();
        options.NewLineFormat = NewLineFormat.Dos;
        await using var file = File.Create(Path.Combine(_dir, name));
        await TestMessages.Create().Body!.WriteToAsync(options, file);
    }

    private SmimeIdentity Identity(string name) => name switch
    {
        "alice" => pki.Alice,
        "bob" => pki.Bob,
        "carol" => pki.Carol,
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    private static string Address(string name) => name == "bob" ? "bob@example.net" : name + "@example.org";

    private static string CreateDirectory(TestPki pki)
    {
        var dir = Path.Combine(pki.Directory, Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }
}
