using System.Text;
using MimeKit;
using MimeKit.Cryptography;
using Smgw.Crypto.OpenPgp;
using Xunit;

namespace Smgw.Tests.Crypto;

/// <summary>
/// Interop both ways with the real gpg binary, RSA and Curve25519: what the engine signs and
/// encrypts, gpg decrypts and verifies; what gpg signs and encrypts (as a PGP/MIME client
/// would), the engine decrypts and verifies.
/// </summary>
[Collection(PgpTestKeysCollection.Name)]
public sealed class GpgInteropTests(PgpTestKeys keys)
{
    private readonly OpenPgpEngine _engine = new();

    [Theory]
    [InlineData(PgpAlgorithm.Rsa, PgpAlgorithm.Rsa)]
    [InlineData(PgpAlgorithm.Curve25519, PgpAlgorithm.Curve25519)]
    [InlineData(PgpAlgorithm.Rsa, PgpAlgorithm.Curve25519)]
    public async Task Engine_sign_and_encrypt_is_decrypted_and_verified_by_gpg(PgpAlgorithm signer, PgpAlgorithm recipient)
    {
        var domain = keys.GatewayDomains[signer];
        var message = TestMessages.Create($"postmaster@{domain}", keys.PartnerAddresses[recipient]);
        var encrypted = _engine.SignAndEncrypt(message, keys.GatewayKeys[signer], [keys.PartnerKeys[recipient]]);
        var body = Assert.IsType<MultipartEncrypted>(encrypted.Body);
        var armored = ((MimePart)body[1]).Content!;
        using var ciphertext = new MemoryStream();
        armored.DecodeTo(ciphertext);

        var (exit, plain, status) = await keys.Partner.RunAsync(ciphertext.ToArray(), "--status-fd", "2", "--decrypt");
        Assert.True(exit == 0, status);
        Assert.Contains("[GNUPG:] DECRYPTION_OKAY", status, StringComparison.Ordinal);
        Assert.Contains("[GNUPG:] GOODSIG", status, StringComparison.Ordinal);
        Assert.Contains($"[GNUPG:] VALIDSIG {keys.GatewayKeys[signer].Fingerprint}", status, StringComparison.Ordinal);
        Assert.Contains("[GNUPG:] DECRYPTION_INFO 2 9", status, StringComparison.Ordinal); // MDC, AES-256
        var content = MimeEntity.Load(new MemoryStream(plain));
        Assert.Equal(TestMessages.Text, TestMessages.TextOf(content));
        Assert.Equal(TestMessages.Attachment, TestMessages.AttachmentOf(content));
    }

    [Theory]
    [InlineData(PgpAlgorithm.Rsa)]
    [InlineData(PgpAlgorithm.Curve25519)]
    public async Task Engine_detached_signature_is_verified_by_gpg(PgpAlgorithm signer)
    {
        var domain = keys.GatewayDomains[signer];
        var signed = _engine.Sign(TestMessages.Create($"postmaster@{domain}"), keys.GatewayKeys[signer]);
        var wire = TestMessages.Roundtrip(signed, NewLineFormat.Unix);
        var multipart = Assert.IsType<MultipartSigned>(wire.Body);
        var dir = Directory.CreateTempSubdirectory("smgw-pgp-sig-").FullName;
        try
        {
            using (var data = File.Create(Path.Combine(dir, "data")))
            {
                var options = FormatOptions.Default.Clone();
                options.NewLineFormat = NewLineFormat.Dos;
                multipart[0].WriteTo(options, data);
            }
            using (var sig = File.Create(Path.Combine(dir, "data.asc")))
            {
                ((MimePart)multipart[1]).Content!.DecodeTo(sig);
            }
            var (exit, _, status) = await keys.Partner.RunAsync(null, "--status-fd", "2", "--verify", Path.Combine(dir, "data.asc"), Path.Combine(dir, "data"));
            Assert.True(exit == 0, status);
            Assert.Contains($"[GNUPG:] VALIDSIG {keys.GatewayKeys[signer].Fingerprint}", status, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Theory]
    [InlineData(PgpAlgorithm.Rsa, PgpAlgorithm.Rsa)]
    [InlineData(PgpAlgorithm.Curve25519, PgpAlgorithm.Curve25519)]
    [InlineData(PgpAlgorithm.Curve25519, PgpAlgorithm.Rsa)]
    public async Task Gpg_sign_and_encrypt_is_decrypted_and_verified_by_the_engine(PgpAlgorithm sender, PgpAlgorithm gateway)
    {
        var from = keys.PartnerAddresses[sender];
        var inner = TestMessages.Create(from, $"postmaster@{keys.GatewayDomains[gateway]}").Body!;
        var canonical = Canonical(inner);
        var ciphertext = await keys.Partner.RunOkAsync(canonical, "--armor", "--sign", "--local-user", from, "--encrypt", "--recipient", $"postmaster@{keys.GatewayDomains[gateway]}");
        var message = PgpMime(from, ciphertext);

        var result = _engine.Decrypt(TestMessages.Roundtrip(message), [keys.GatewayKeys[gateway]], [keys.PartnerKeys[sender]]);
        Assert.Equal(keys.GatewayKeys[gateway].Fingerprint, result.DecryptedWith);
        Assert.Equal(TestMessages.Text, TestMessages.TextOf(result.Content));
        Assert.Equal(TestMessages.Attachment, TestMessages.AttachmentOf(result.Content));
        var signature = Assert.Single(result.Signatures);
        Assert.True(signature.IsValid, string.Join("; ", signature.Problems));
        Assert.Equal(keys.PartnerKeys[sender].Fingerprint, signature.SignerId);
        Assert.Equal(TestMessages.Text, TestMessages.TextOf(result.Message!.Body!));
    }

    [Theory]
    [InlineData(PgpAlgorithm.Rsa, false)]
    [InlineData(PgpAlgorithm.Curve25519, true)]
    public async Task Inline_gpg_sign_and_encrypt_is_decrypted_in_place_and_verified_by_the_engine(PgpAlgorithm algorithm, bool textMode)
    {
        var from = keys.PartnerAddresses[algorithm];
        var to = $"postmaster@{keys.GatewayDomains[algorithm]}";
        const string Secret = "Grüße aus Dresden\nzweite Zeile\n";
        string[] args = ["--armor", "--sign", "--local-user", from, "--encrypt", "--recipient", to];
        var armored = Encoding.ASCII.GetString(await keys.Partner.RunOkAsync(Encoding.UTF8.GetBytes(Secret), textMode ? ["--textmode", .. args] : args));
        var message = new MimeMessage([MailboxAddress.Parse(from)], [MailboxAddress.Parse(to)], "inline", new TextPart("plain") { Text = $"Before the block.\n{armored}\n-- \nlist footer\n" });

        var result = _engine.DecryptInline(TestMessages.Roundtrip(message), [keys.GatewayKeys[algorithm]], [keys.PartnerKeys[algorithm]]);

        var text = Assert.IsType<TextPart>(result.Message!.Body).Text.Replace("\r\n", "\n");
        Assert.Equal(keys.GatewayKeys[algorithm].Fingerprint, result.DecryptedWith);
        Assert.StartsWith("Before the block.\nGrüße aus Dresden\nzweite Zeile\n", text);
        Assert.EndsWith("-- \nlist footer\n", text);
        Assert.DoesNotContain("BEGIN PGP", text);
        var signature = Assert.Single(result.Signatures);
        Assert.True(signature.IsValid, string.Join("; ", signature.Problems));
        Assert.Equal(keys.PartnerKeys[algorithm].Fingerprint, signature.SignerId);
    }

    [Fact]
    public void Inline_decryption_names_what_is_missing()
    {
        var plain = new MimeMessage([MailboxAddress.Parse("a@example.org")], [MailboxAddress.Parse("b@example.org")], "x", new TextPart("plain") { Text = "-----BEGIN PGP MESSAGE-----\n\nnot really\n" });

        var error = Assert.Throws<OpenPgpException>(() => _engine.DecryptInline(plain, [keys.GatewayKeys[PgpAlgorithm.Rsa]]));

        Assert.Contains("no armoured OpenPGP message", error.Message);
    }

    [Theory]
    [InlineData(PgpAlgorithm.Rsa)]
    [InlineData(PgpAlgorithm.Curve25519)]
    public async Task Gpg_detached_pgp_mime_signature_is_verified_by_the_engine(PgpAlgorithm sender)
    {
        var from = keys.PartnerAddresses[sender];
        var inner = TestMessages.Create(from).Body!;
        inner.Prepare(EncodingConstraint.SevenBit, 78);
        var canonical = Canonical(inner);
        var signature = await keys.Partner.RunOkAsync(canonical, "--armor", "--detach-sign", "--digest-algo", "SHA256", "--local-user", from);

        var multipart = new MultipartSigned();
        multipart.ContentType.Parameters["protocol"] = "application/pgp-signature";
        multipart.ContentType.Parameters["micalg"] = "pgp-sha256";
        multipart.Add(MimeEntity.Load(new MemoryStream(canonical)));
        multipart.Add(new ApplicationPgpSignature(new MemoryStream(signature)));
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(from));
        message.To.Add(MailboxAddress.Parse("chef@lds.example"));
        message.Subject = "signed by gpg";
        message.Body = multipart;

        var result = _engine.Verify(TestMessages.Roundtrip(message), [keys.PartnerKeys[sender]]);
        Assert.True(result.IsValid, string.Join("; ", result.Problems));
        Assert.Equal(keys.PartnerKeys[sender].Fingerprint, result.SignerId);
    }

    internal static byte[] Canonical(MimeEntity entity)
    {
        var options = FormatOptions.Default.Clone();
        options.NewLineFormat = NewLineFormat.Dos;
        using var memory = new MemoryStream();
        entity.WriteTo(options, memory);
        return memory.ToArray();
    }

    /// <summary>A PGP/MIME message (RFC 3156 4) around gpg's armoured output, as a mail client builds it.</summary>
    internal static MimeMessage PgpMime(string from, byte[] armoredCiphertext, string to = "postmaster@lds.example")
    {
        var multipart = new MultipartEncrypted();
        multipart.ContentType.Parameters["protocol"] = "application/pgp-encrypted";
        multipart.Add(new ApplicationPgpEncrypted());
        multipart.Add(new MimePart("application", "octet-stream") { Content = new MimeContent(new MemoryStream(armoredCiphertext)), ContentTransferEncoding = ContentEncoding.SevenBit });
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(from));
        message.To.Add(MailboxAddress.Parse(to));
        message.Subject = "encrypted by gpg";
        message.Body = multipart;
        return message;
    }
}
