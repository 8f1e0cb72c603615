using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using MimeKit;
using Smgw.Crypto.Certificates;
using Smgw.Crypto.Smime;
using Xunit;

namespace Smgw.Tests.Crypto;

/// <summary>
/// The CMS writers name a certificate by issuer and serial exactly as the certificate has them: a
/// negative serial (RFC 5280 asks users to handle it) stays that integer, so openssl finds the
/// signer and the recipient.
/// </summary>
[Collection(TestPkiCollection.Name)]
public sealed class IssuerSerialTests(TestPki pki)
{
    /// <summary>Alice's certificate again, re-signed by the test CA with the serial INTEGER contents <paramref name="serial"/>.</summary>
    private X509Certificate2 WithSerial(byte[] serial)
    {
        var certificate = new AsnReader(pki.Alice.Certificate.RawData, AsnEncodingRules.DER).ReadSequence();
        var tbs = certificate.ReadSequence();
        var algorithm = certificate.ReadEncodedValue();
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteEncodedValue(tbs.ReadEncodedValue().Span); // [0] version
            tbs.ReadEncodedValue(); // the old serial
            writer.WriteEncodedValue([0x02, (byte)serial.Length, .. serial]);
            while (tbs.HasData)
            {
                writer.WriteEncodedValue(tbs.ReadEncodedValue().Span);
            }
        }
        var newTbs = writer.Encode();
        var signature = pki.CaKey.SignData(newTbs, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var outer = new AsnWriter(AsnEncodingRules.DER);
        using (outer.PushSequence())
        {
            outer.WriteEncodedValue(newTbs);
            outer.WriteEncodedValue(algorithm.Span);
            outer.WriteBitString(signature);
        }
        return X509CertificateLoader.LoadCertificate(outer.Encode());
    }

    [Fact]
    public async Task A_negative_serial_is_written_as_it_is_and_openssl_finds_the_signer_and_the_recipient()
    {
        byte[] negative = [0x80, 0x12, 0x34, 0x56];
        using var certificate = WithSerial(negative);
        Assert.Equal([0x02, 0x04, .. negative], IssuerSerial.SerialEncoded(certificate));
        var identity = new SmimeIdentity(certificate, pki.Alice.PrivateKey);
        var dir = Path.Combine(pki.Directory, Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        await File.WriteAllTextAsync(Path.Combine(dir, "negative.pem"), certificate.ExportCertificatePem());
        var engine = new SmimeEngine();

        var signed = engine.Sign(TestMessages.Create("alice@example.org"), identity);
        await File.WriteAllBytesAsync(Path.Combine(dir, "signed.eml"), TestMessages.ToBytes(signed));
        await OpenSsl.RunOkAsync(dir, "cms", "-verify", "-in", "signed.eml", "-CAfile", pki.PathOf("ca.pem"), "-purpose", "any", "-signer", "signer.pem", "-out", "/dev/null");
        Assert.Equal(certificate.ExportCertificatePem().Trim(), (await File.ReadAllTextAsync(Path.Combine(dir, "signer.pem"))).Trim());

        var encrypted = engine.Encrypt(TestMessages.Create("alice@example.org"), [new SmimeRecipient(certificate)]);
        await File.WriteAllBytesAsync(Path.Combine(dir, "encrypted.eml"), TestMessages.ToBytes(encrypted));
        await OpenSsl.RunOkAsync(dir, "cms", "-decrypt", "-in", "encrypted.eml", "-recip", "negative.pem", "-inkey", pki.PathOf("alice.key"), "-out", "/dev/null");
        Assert.NotNull(engine.Decrypt(encrypted, [identity]).Content);
    }
}
