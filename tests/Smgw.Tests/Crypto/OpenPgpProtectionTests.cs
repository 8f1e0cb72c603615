using System.Text;
using Smgw.Crypto.OpenPgp;
using Smgw.Grains.Policy;
using Smgw.Interfaces.Policy;
using Xunit;

namespace Smgw.Tests.Crypto;

/// <summary>What counts as already OpenPGP-protected (never wrapped twice), and what does not.</summary>
[Collection(PgpTestKeysCollection.Name)]
public sealed class OpenPgpProtectionTests(PgpTestKeys keys)
{
    [Fact]
    public void PGP_MIME_and_real_inline_ciphertext_count_as_encrypted_but_a_fake_armour_line_does_not()
    {
        var engine = new OpenPgpEngine();
        var pgpMime = TestMessages.ToBytes(engine.Encrypt(TestMessages.Create(), [keys.PartnerKeys[PgpAlgorithm.Rsa]]));
        Assert.Equal((ContentProtection.OpenPgp, ContentProtection.None), MessageProtection.Detect(pgpMime));

        var encrypted = engine.Encrypt(TestMessages.Create(), [keys.PartnerKeys[PgpAlgorithm.Curve25519]]);
        using var armored = new MemoryStream();
        ((MimeKit.MimePart)((MimeKit.Cryptography.MultipartEncrypted)encrypted.Body!)[1]).Content!.DecodeTo(armored);
        var inline = Encoding.ASCII.GetBytes("From: a@lds.example\r\nTo: b@x.example\r\nSubject: inline\r\nContent-Type: text/plain\r\n\r\n")
            .Concat(armored.ToArray()).ToArray();
        Assert.Equal((ContentProtection.OpenPgp, ContentProtection.None), MessageProtection.Detect(inline));

        var fake = Encoding.ASCII.GetBytes("From: a@lds.example\r\nTo: b@x.example\r\nSubject: fake\r\n\r\n-----BEGIN PGP MESSAGE-----\r\n\r\nthe secret plan in plain text\r\n-----END PGP MESSAGE-----\r\n");
        Assert.Equal((ContentProtection.None, ContentProtection.None), MessageProtection.Detect(fake));

        // A cleartext signature counts only when the whole armour is there (its signature is checked by the stage, not here).
        var clearSigned = Encoding.ASCII.GetBytes("From: a@lds.example\r\nSubject: s\r\n\r\nDear all,\r\n  -----BEGIN PGP SIGNED MESSAGE-----  \r\nHash: SHA256\r\n\r\nhello\r\n-----BEGIN PGP SIGNATURE-----\r\n\r\niQE=\r\n-----END PGP SIGNATURE-----\r\n");
        Assert.Equal((ContentProtection.None, ContentProtection.OpenPgp), MessageProtection.Detect(clearSigned));
        var incomplete = Encoding.ASCII.GetBytes("From: a@lds.example\r\nSubject: s\r\n\r\n-----BEGIN PGP SIGNED MESSAGE-----\r\nHash: SHA256\r\n\r\nhello\r\n");
        Assert.Equal((ContentProtection.None, ContentProtection.None), MessageProtection.Detect(incomplete));
    }
}
