using System.Text;
using MimeKit;
using MimeKit.Cryptography;
using Smgw.Crypto.OpenPgp;
using Smgw.Tests.Unit;
using Xunit;

namespace Smgw.Tests.Crypto;

/// <summary>The OpenPGP engine on its own: PGP/MIME structure, round trips, tampering, key validation.</summary>
[Collection(PgpTestKeysCollection.Name)]
public sealed class OpenPgpEngineTests(PgpTestKeys keys)
{
    private readonly OpenPgpEngine _engine = new();

    [Theory]
    [InlineData(PgpAlgorithm.Rsa)]
    [InlineData(PgpAlgorithm.Curve25519)]
    public void Sign_then_verify_round_trips_through_the_wire_and_names_the_key(PgpAlgorithm algorithm)
    {
        var domain = keys.GatewayDomains[algorithm];
        var signed = _engine.Sign(TestMessages.Create($"chef@{domain}", "bob@partner.example"), keys.GatewayKeys[algorithm]);
        var wire = TestMessages.Roundtrip(signed, NewLineFormat.Unix);

        var body = Assert.IsType<MultipartSigned>(wire.Body);
        Assert.Equal("application/pgp-signature", body.ContentType.Parameters["protocol"]);
        Assert.Equal("pgp-sha256", body.ContentType.Parameters["micalg"]);
        var result = _engine.Verify(wire.Body!, [keys.GatewayKeys[algorithm].Public], $"postmaster@{domain}");
        Assert.True(result.IsValid, string.Join("; ", result.Problems));
        Assert.Equal(keys.GatewayKeys[algorithm].Fingerprint, result.SignerId);
        Assert.Equal("Sha256", result.HashAlgorithm);
        Assert.Equal(TestMessages.Text, TestMessages.TextOf(result.Content!));
    }

    [Fact]
    public void A_changed_body_an_unknown_key_and_a_foreign_address_are_reported()
    {
        var signed = Encoding.UTF8.GetString(TestMessages.ToBytes(_engine.Sign(TestMessages.Create(), keys.GatewayKeys[PgpAlgorithm.Rsa])));
        var tampered = MimeMessage.Load(new MemoryStream(Encoding.UTF8.GetBytes(signed.Replace("Hello Bob,", "Hello Bib,", StringComparison.Ordinal))));
        var original = MimeMessage.Load(new MemoryStream(Encoding.UTF8.GetBytes(signed)));

        var bad = _engine.Verify(tampered.Body!, [keys.GatewayKeys[PgpAlgorithm.Rsa].Public]);
        Assert.False(bad.IsValid);
        Assert.Contains(bad.Problems, p => p.StartsWith("BadSignature", StringComparison.Ordinal));

        var unknown = _engine.Verify(original.Body!, [keys.GatewayKeys[PgpAlgorithm.Curve25519].Public]);
        Assert.False(unknown.IsValid);
        Assert.Contains(unknown.Problems, p => p.Contains("not known", StringComparison.Ordinal));

        var foreign = _engine.Verify(original.Body!, [keys.GatewayKeys[PgpAlgorithm.Rsa].Public], "mallory@lds.example");
        Assert.True(foreign.SignatureValid);
        Assert.False(foreign.IsValid);
        Assert.Contains(foreign.Problems, p => p.StartsWith("AddressNotInKey", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(PgpAlgorithm.Rsa, PgpAlgorithm.Curve25519)]
    [InlineData(PgpAlgorithm.Curve25519, PgpAlgorithm.Rsa)]
    public void Sign_and_encrypt_to_two_keys_each_opens_it_and_the_inner_signature_verifies(PgpAlgorithm signer, PgpAlgorithm other)
    {
        var domain = keys.GatewayDomains[signer];
        var message = TestMessages.Create($"postmaster@{domain}", "bob@partner.example");
        var encrypted = _engine.SignAndEncrypt(message, keys.GatewayKeys[signer], [keys.GatewayKeys[signer].Public, keys.GatewayKeys[other].Public]);
        var wire = TestMessages.Roundtrip(encrypted, NewLineFormat.Dos);

        var body = Assert.IsType<MultipartEncrypted>(wire.Body);
        Assert.Equal("application/pgp-encrypted", body.ContentType.Parameters["protocol"]);
        Assert.Equal("Quarterly figures – vertraulich", wire.Subject);
        Assert.DoesNotContain("Grüße", Encoding.UTF8.GetString(TestMessages.ToBytes(wire)), StringComparison.Ordinal);
        foreach (var key in new[] { keys.GatewayKeys[signer], keys.GatewayKeys[other] })
        {
            var decrypted = _engine.Decrypt(wire, [key], [keys.GatewayKeys[signer].Public]);
            Assert.Equal(key.Fingerprint, decrypted.DecryptedWith);
            Assert.Equal("Aes256", decrypted.SymmetricAlgorithm);
            Assert.Equal(TestMessages.Text, TestMessages.TextOf(decrypted.Content));
            Assert.Equal(TestMessages.Attachment, TestMessages.AttachmentOf(decrypted.Content));
            var signature = Assert.Single(decrypted.Signatures);
            Assert.True(signature.IsValid, string.Join("; ", signature.Problems));
            Assert.Equal(keys.GatewayKeys[signer].Fingerprint, signature.SignerId);
        }
    }

    [Fact]
    public void Decryption_refuses_a_foreign_key_and_a_modified_ciphertext()
    {
        var encrypted = _engine.Encrypt(TestMessages.Create(), [keys.GatewayKeys[PgpAlgorithm.Rsa].Public]);
        var wire = Encoding.ASCII.GetString(TestMessages.ToBytes(encrypted));

        var foreign = Assert.Throws<OpenPgpException>(() => _engine.Decrypt(MimeMessage.Load(new MemoryStream(Encoding.ASCII.GetBytes(wire))).Body!, [keys.GatewayKeys[PgpAlgorithm.Curve25519]]));
        Assert.Contains("not encrypted to any key the gateway holds", foreign.Message, StringComparison.Ordinal);

        // Flip one base64 character in the middle of the armoured ciphertext.
        var start = wire.IndexOf("-----BEGIN PGP MESSAGE-----", StringComparison.Ordinal);
        var middle = wire.IndexOf('\n', start + 400) + 10;
        var flipped = wire[..middle] + (wire[middle] == 'A' ? 'B' : 'A') + wire[(middle + 1)..];
        Assert.Throws<OpenPgpException>(() => _engine.Decrypt(MimeMessage.Load(new MemoryStream(Encoding.ASCII.GetBytes(flipped))).Body!, [keys.GatewayKeys[PgpAlgorithm.Rsa]]));
    }

    [Fact]
    public void Key_validation_finds_the_encryption_subkey_and_matches_user_ids_case_insensitively()
    {
        var bob = keys.PartnerKeys[PgpAlgorithm.Rsa];
        var ok = bob.Validate(DateTimeOffset.UtcNow, "Bob@Partner.Example");
        Assert.True(ok.CanEncrypt, ok.Detail);
        Assert.NotEqual(bob.Primary.KeyId, ok.EncryptionKey!.KeyId);
        Assert.True(ok.CanSign);

        Assert.Equal(OpenPgpKeyProblem.UserIdMismatch, bob.Validate(DateTimeOffset.UtcNow, "eve@partner.example").Problem);
        Assert.Equal(OpenPgpKeyProblem.None, bob.Validate(DateTimeOffset.UtcNow, "partner.example").Problem);
        Assert.Equal(OpenPgpKeyProblem.UserIdMismatch, bob.Validate(DateTimeOffset.UtcNow, "other.example").Problem);
        var domainKey = keys.GatewayKeys[PgpAlgorithm.Curve25519].Public;
        Assert.True(domainKey.Validate(DateTimeOffset.UtcNow, "LDS25519.example").CanEncrypt);
    }

    [Fact]
    public async Task Expired_and_revoked_keys_are_not_usable_and_say_why()
    {
        var gpg = Gpg.Create(Path.Combine(keys.Directory, "validity"));
        try
        {
            await gpg.GenerateAsync("Short <short@partner.example>", PgpAlgorithm.Curve25519, "1d");
            var shortLived = OpenPgpKey.Parse(await gpg.ExportPublicAsync("short@partner.example")).Single();
            Assert.True(shortLived.Validate(DateTimeOffset.UtcNow).CanEncrypt);
            var later = shortLived.Validate(DateTimeOffset.UtcNow.AddDays(3));
            Assert.Equal(OpenPgpKeyProblem.Expired, later.Problem);
            Assert.StartsWith("expired ", later.Detail, StringComparison.Ordinal);

            var fingerprint = await gpg.GenerateAsync("Gone <gone@partner.example>", PgpAlgorithm.Curve25519);
            var revocation = await File.ReadAllTextAsync(Path.Combine(gpg.Home, "openpgp-revocs.d", fingerprint + ".rev"));
            await gpg.ImportAsync(revocation.Replace(":-----BEGIN", "-----BEGIN", StringComparison.Ordinal));
            var revoked = OpenPgpKey.Parse(await gpg.ExportPublicAsync("gone@partner.example")).Single();
            var result = revoked.Validate(DateTimeOffset.UtcNow, "gone@partner.example");
            Assert.Equal(OpenPgpKeyProblem.Revoked, result.Problem);
            Assert.False(result.CanEncrypt);
            Assert.Throws<OpenPgpException>(() => _engine.Encrypt(TestMessages.Create(), [revoked]));

            var timed = new OpenPgpEngine(new FixedTimeProvider(DateTimeOffset.UtcNow.AddDays(3)));
            Assert.Throws<OpenPgpException>(() => timed.Encrypt(TestMessages.Create(), [shortLived]));
        }
        finally
        {
            await gpg.StopAgentAsync();
        }
    }

    [Fact]
    public void A_secret_key_survives_the_unprotected_export_the_store_encrypts()
    {
        var original = keys.GatewayKeys[PgpAlgorithm.Curve25519];
        var copy = OpenPgpSecretKey.Parse(original.ExportUnprotected());
        Assert.Equal(original.Fingerprint, copy.Fingerprint);
        var encrypted = _engine.Encrypt(TestMessages.Create(), [original.Public]);
        Assert.Equal(TestMessages.Text, TestMessages.TextOf(_engine.Decrypt(encrypted, [copy]).Content));
        Assert.Throws<OpenPgpException>(() => OpenPgpSecretKey.Parse(keys.PartnerArmored[PgpAlgorithm.Rsa]));
    }

    [Fact]
    public void The_RSA_session_key_cipher_is_read_with_dotnet_RSA_the_same_as_BouncyCastle_reads_it()
    {
        var key = keys.GatewayKeys[PgpAlgorithm.Rsa];
        var encrypted = (MultipartEncrypted)_engine.Encrypt(TestMessages.Create(), [key.Public, keys.PartnerKeys[PgpAlgorithm.Curve25519]]).Body!;
        using var armored = new MemoryStream();
        ((MimePart)encrypted[1]).Content!.DecodeTo(armored);
        var subkey = key.Public.Validate(DateTimeOffset.UtcNow).EncryptionKey!;
        Assert.Equal(Org.BouncyCastle.Bcpg.SymmetricKeyAlgorithmTag.Aes256, RsaSessionKeyPeek.Algorithm(armored.ToArray(), subkey.KeyId, key.PrivateKey(subkey.KeyId)!));
        Assert.Null(RsaSessionKeyPeek.Algorithm(armored.ToArray(), 12345, key.PrivateKey(subkey.KeyId)!));
        Assert.Null(RsaSessionKeyPeek.Algorithm(armored.ToArray(), subkey.KeyId, keys.GatewayKeys[PgpAlgorithm.Curve25519].PrivateKey(keys.GatewayKeys[PgpAlgorithm.Curve25519].Public.Validate(DateTimeOffset.UtcNow).EncryptionKey!.KeyId)!));
    }
}
