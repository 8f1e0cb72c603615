using System.Text;
using System.Text.Json;
using MimeKit;
using MimeKit.Cryptography;
using Smgw.Tests.Crypto;
using Smgw.Tests.Infrastructure;
using Xunit;

namespace Smgw.Tests.EndToEnd;

/// <summary>
/// Issue F1, section 2, through the real gateway with messages openssl writes: weak digests are
/// not valid, opaque-signed mail is delivered unwrapped, ciphertext inside an outer signature and
/// bare decrypted text are opened, the S/MIME decryption stamp names the cipher, and a failed
/// decryption tells the Internet sender nothing but one generic text.
/// </summary>
[Collection(SmimeGatewayCollection.Name)]
public sealed class StampGatewayTests(SmimeGatewayFixture fixture)
{
    private async Task<string> ReceiveAsync(string to, string message)
    {
        await using var smtp = await RawSmtpClient.ConnectAsync(fixture.Gateway.InboundPort);
        await smtp.SendAsync("EHLO mta.remote.example");
        Assert.StartsWith("250", await smtp.SendAsync("MAIL FROM:<partner@remote.example>"));
        Assert.StartsWith("250", await smtp.SendAsync($"RCPT TO:<{to}>"));
        var reply = await smtp.SendDataAsync(message);
        Assert.StartsWith("250 2.0.0", reply);
        return GatewayProcess.QueueIdOf(reply);
    }

    private string WorkDirectory()
    {
        var dir = Path.Combine(fixture.Pki.Directory, Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }

    private async Task<string> ContentAsync(string dir, string text, bool headers = true)
    {
        await File.WriteAllTextAsync(Path.Combine(dir, "content.txt"), headers ? $"Content-Type: text/plain; charset=utf-8\r\n\r\n{text}\r\n" : text + "\n");
        return "content.txt";
    }

    private async Task<string> SignAsync(string dir, string input, string output, params string[] extra)
    {
        await OpenSsl.RunOkAsync(dir, ["cms", "-sign", "-in", input, "-signer", fixture.Pki.PathOf("partner.pem"), "-inkey", fixture.Pki.PathOf("partner.key"), "-out", output, .. extra]);
        return output;
    }

    private Task EncryptAsync(string dir, string input, string output, string subject, string to, string certificate = "lds-org.pem") =>
        OpenSsl.RunOkAsync(dir, "cms", "-encrypt", "-aes256", "-in", input, "-from", "partner@remote.example", "-to", to, "-subject", subject, "-out", output, fixture.Pki.PathOf(certificate));

    private static string Headers(string subject, string to) => $"From: partner@remote.example\r\nTo: {to}\r\nSubject: {subject}\r\n";

    private async Task<MimeMessage> DeliveredAsync(string queueId, string subject)
    {
        var status = await fixture.Gateway.WaitCompletedAsync(queueId);
        Assert.Equal("Delivered", status.GetProperty("recipients")[0].GetProperty("state").GetString());
        var delivered = Assert.Single(fixture.Lds.Messages(), m => m.Message.Contains(subject));
        return MimeMessage.Load(new MemoryStream(Encoding.Latin1.GetBytes(delivered.Message)));
    }

    [Fact]
    public async Task A_SHA1_signature_is_invalid_with_WeakDigest_unless_the_recipients_policy_accepts_weak_digests()
    {
        var dir = WorkDirectory();
        var subject = $"sha1-{Guid.NewGuid():N}";
        var signed = await File.ReadAllTextAsync(Path.Combine(dir, await SignAsync(dir, await ContentAsync(dir, "bitte zahlen"), "signed.eml", "-md", "sha1")));

        var strict = await DeliveredAsync(await ReceiveAsync("clerk@lds.example", Headers(subject, "clerk@lds.example") + signed), subject);
        var stamp = strict.Headers["X-SMGW-Signature"];
        Assert.StartsWith("invalid; reason=", stamp);
        Assert.Contains("WeakDigest: SHA-1", stamp);

        var legacySubject = subject + "-legacy";
        var legacy = await DeliveredAsync(await ReceiveAsync("legacy@lds.example", Headers(legacySubject, "legacy@lds.example") + signed), legacySubject);
        Assert.StartsWith("valid; signer=", legacy.Headers["X-SMGW-Signature"]);
        Assert.EndsWith("; digest=SHA-1, accepted by the policy (acceptWeakDigests)", legacy.Headers["X-SMGW-Signature"]);

        // The same content signed with SHA-256 is valid for both.
        var goodSubject = subject + "-sha256";
        var good = await File.ReadAllTextAsync(Path.Combine(dir, await SignAsync(dir, "content.txt", "good.eml")));
        Assert.StartsWith("valid; signer=", (await DeliveredAsync(await ReceiveAsync("clerk@lds.example", Headers(goodSubject, "clerk@lds.example") + good), goodSubject)).Headers["X-SMGW-Signature"]);
    }

    [Fact]
    public async Task Opaque_signed_mail_is_verified_and_delivered_unwrapped()
    {
        var dir = WorkDirectory();
        var subject = $"opaque-{Guid.NewGuid():N}";
        var text = $"Amtliche Mitteilung {subject}";
        var signed = await File.ReadAllTextAsync(Path.Combine(dir, await SignAsync(dir, await ContentAsync(dir, text), "opaque.eml", "-nodetach")));
        Assert.Contains("signed-data", signed);

        var message = await DeliveredAsync(await ReceiveAsync("clerk@lds.example", Headers(subject, "clerk@lds.example") + signed), subject);

        Assert.StartsWith("valid; signer=", message.Headers["X-SMGW-Signature"]);
        var body = Assert.IsType<TextPart>(message.Body);
        Assert.Contains(text, body.Text);
    }

    [Fact]
    public async Task Ciphertext_inside_an_outer_signature_is_decrypted_and_both_signatures_are_judged()
    {
        var dir = WorkDirectory();
        var subject = $"ses-{Guid.NewGuid():N}";
        var text = $"Signiert, verschluesselt, signiert {subject}";
        await SignAsync(dir, await ContentAsync(dir, text), "inner.eml");
        await EncryptAsync(dir, "inner.eml", "encrypted.eml", subject, "clerk@lds.example");
        // The outer signature is over the whole enveloped entity (its headers included), as clients write it.
        var encrypted = await File.ReadAllTextAsync(Path.Combine(dir, "encrypted.eml"));
        var entity = encrypted[encrypted.IndexOf("MIME-Version", StringComparison.Ordinal)..];
        entity = entity[(entity.IndexOf('\n') + 1)..];
        await File.WriteAllTextAsync(Path.Combine(dir, "entity.eml"), entity);
        var outer = await File.ReadAllTextAsync(Path.Combine(dir, await SignAsync(dir, "entity.eml", "outer.eml")));

        var message = await DeliveredAsync(await ReceiveAsync("clerk@lds.example", Headers(subject, "clerk@lds.example") + outer), subject);

        Assert.StartsWith("decrypted; key=", message.Headers["X-SMGW-Decryption"]);
        var stamp = message.Headers["X-SMGW-Signature"];
        Assert.StartsWith("valid; signer=", stamp);
        Assert.EndsWith("; outer=valid", stamp);
        var inner = Assert.IsType<MultipartSigned>(message.Body);
        Assert.Contains(text, Assert.IsType<TextPart>(inner[0]).Text);
    }

    [Fact]
    public async Task Decrypted_text_without_MIME_headers_is_delivered_as_text_plain()
    {
        var dir = WorkDirectory();
        var subject = $"bare-{Guid.NewGuid():N}";
        var text = $"Nur Text, keine Kopfzeilen {subject}";
        await EncryptAsync(dir, await ContentAsync(dir, text, headers: false), "encrypted.eml", subject, "clerk@lds.example");

        var message = await DeliveredAsync(await ReceiveAsync("clerk@lds.example", await File.ReadAllTextAsync(Path.Combine(dir, "encrypted.eml"))), subject);

        Assert.Matches("^decrypted; key=.*; cipher=AES-256-CBC$", message.Headers["X-SMGW-Decryption"]);
        var body = Assert.IsType<TextPart>(message.Body);
        Assert.True(body.IsPlain);
        Assert.Contains(text, body.Text);
    }

    [Fact]
    public async Task A_signature_carrying_a_corrupt_certificate_is_stamped_invalid_and_the_message_does_not_stick()
    {
        // Issue F2 §1: a signed-data whose embedded certificate does not parse made the workflow throw, and retry every scan forever.
        var dir = WorkDirectory();
        var subject = $"corrupt-cert-{Guid.NewGuid():N}";
        await SignAsync(dir, await ContentAsync(dir, "signed by a broken certificate"), "opaque.der", "-nodetach", "-outform", "DER");
        var der = await File.ReadAllBytesAsync(Path.Combine(dir, "opaque.der"));
        var certificate = System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPem(await File.ReadAllTextAsync(fixture.Pki.PathOf("partner.pem"))).RawData;
        var at = der.AsSpan().IndexOf(certificate);
        Assert.True(at > 0);
        der[at + 4] = 0x31; // the tbsCertificate's SEQUENCE becomes a SET: same lengths, a certificate no parser takes
        var message = Headers(subject, "clerk@lds.example") + "MIME-Version: 1.0\r\nContent-Type: application/pkcs7-mime; smime-type=signed-data; name=smime.p7m\r\n"
            + "Content-Transfer-Encoding: base64\r\n\r\n" + Convert.ToBase64String(der, Base64FormattingOptions.InsertLineBreaks) + "\r\n";

        var delivered = await DeliveredAsync(await ReceiveAsync("clerk@lds.example", message), subject);

        Assert.StartsWith("invalid; reason=the signature cannot be read", delivered.Headers["X-SMGW-Signature"]);
    }

    [Fact]
    public async Task A_failed_decryption_tells_the_sender_one_generic_text_and_the_operator_the_detail()
    {
        // Encrypted to partner2, whose private key the gateway does not hold; the tenant refuses unreadable mail.
        var dir = WorkDirectory();
        var subject = $"oracle-{Guid.NewGuid():N}";
        await EncryptAsync(dir, await ContentAsync(dir, "for somebody else"), "encrypted.eml", subject, "clerk@lds.example", "partner2.pem");

        var queueId = await ReceiveAsync("clerk@lds.example", await File.ReadAllTextAsync(Path.Combine(dir, "encrypted.eml")));
        var status = await fixture.Gateway.WaitCompletedAsync(queueId);
        var recipient = status.GetProperty("recipients")[0];
        Assert.Equal("Bounced", recipient.GetProperty("state").GetString());
        Assert.Equal("5.7.5", recipient.GetProperty("status").GetString());
        Assert.Equal("the message could not be decrypted with the gateway's keys", recipient.GetProperty("lastResponse").GetString());
        var dsnId = Assert.Single(status.GetProperty("notifications").EnumerateArray()).GetString()!;
        await fixture.Gateway.WaitCompletedAsync(dsnId);
        // The DSN leaves under the tenant's outbound policy too: encrypted to the partner's certificate.
        var dsn = Assert.Single(fixture.Smarthost.Messages(), m => m.MailFrom.Length == 0 && m.RcptTo.SequenceEqual(["partner@remote.example"]) && m.Message.Contains("Undelivered Mail"));
        await File.WriteAllTextAsync(Path.Combine(dir, "dsn.eml"), dsn.Message, Encoding.Latin1);
        // (not signed: a DSN has the null sender)
        var content = await OpenSsl.RunOkAsync(dir, "cms", "-decrypt", "-in", "dsn.eml", "-inkey", fixture.Pki.PathOf("partner.key"), "-recip", fixture.Pki.PathOf("partner.pem"));
        Assert.Contains(subject, Encoding.Latin1.GetString(content));
        Assert.DoesNotContain("not encrypted to", Encoding.Latin1.GetString(content));
        var report = new MimeMessage { Body = MimeEntity.Load(new MemoryStream(content)) };
        var fields = Assert.Single(Assert.IsType<MultipartReport>(report.Body).OfType<MessageDeliveryStatus>()).StatusGroups[1];
        Assert.Equal("X-SMGW; the message could not be decrypted with the gateway's keys", fields["Diagnostic-Code"]);
        // The operator sees why in the message's trace.
        var trace = string.Join("\n", status.GetProperty("policyTrace").EnumerateArray().Select(l => l.GetString()));
        Assert.Contains("decryption for clerk@lds.example failed: ", trace);
    }
}
