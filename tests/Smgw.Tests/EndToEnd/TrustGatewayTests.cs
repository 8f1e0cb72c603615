using System.Formats.Asn1;
using System.IO.Compression;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using MimeKit;
using Smgw.Tests.Crypto;
using Smgw.Tests.Infrastructure;
using Xunit;

namespace Smgw.Tests.EndToEnd;

/// <summary>
/// Issue F1, section 1, through the real gateway with openssl on the wire bytes: an alias's one
/// copy satisfies every target or is refused (and the dry run says the same), a Bcc recipient gets
/// its own copy and no copy carries the Bcc header, a header that only claims encryption is not
/// taken for it; forged X-SMGW-* stamps go for unrouted recipients too.
/// </summary>
[Collection(SmimeGatewayCollection.Name)]
public sealed class TrustGatewayTests(SmimeGatewayFixture fixture)
{
    private async Task<string> SubmitAsync(string from, string[] to, string message)
    {
        await using var smtp = await RawSmtpClient.ConnectAsync(fixture.Gateway.SubmissionPort);
        await smtp.SendAsync("EHLO mail.lds.example");
        Assert.StartsWith("220", await smtp.StartTlsAsync());
        await smtp.SendAsync("EHLO mail.lds.example");
        Assert.StartsWith("250", await smtp.SendAsync($"MAIL FROM:<{from}>"));
        foreach (var recipient in to)
        {
            Assert.StartsWith("250", await smtp.SendAsync($"RCPT TO:<{recipient}>"));
        }
        var reply = await smtp.SendDataAsync(message);
        Assert.StartsWith("250 2.0.0", reply);
        return GatewayProcess.QueueIdOf(reply);
    }

    private static string Plain(string to, string subject, string text, string extraHeaders = "") =>
        $"From: clerk@lds.example\nTo: {to}\n{extraHeaders}Subject: {subject}\nMessage-ID: <{subject}@lds.example>\nContent-Type: text/plain; charset=utf-8\n\n{text}\n";

    private string WorkDirectory()
    {
        var dir = Path.Combine(fixture.Pki.Directory, Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }

    /// <summary>openssl cms -decrypt with the key of <paramref name="who"/>: the decrypted bytes, or null when that key cannot open it.</summary>
    private async Task<string?> DecryptAsync(string wire, string who)
    {
        var dir = WorkDirectory();
        await File.WriteAllTextAsync(Path.Combine(dir, "received.eml"), wire, Encoding.Latin1);
        var (exit, stdout, _) = await OpenSsl.RunAsync(dir, "cms", "-decrypt", "-in", "received.eml",
            "-inkey", fixture.Pki.PathOf($"{who}.key"), "-recip", fixture.Pki.PathOf($"{who}.pem"));
        return exit == 0 ? Encoding.Latin1.GetString(stdout) : null;
    }

    private static string Trace(JsonElement status) =>
        string.Join("\n", status.GetProperty("policyTrace").EnumerateArray().Select(l => l.GetString()));

    private async Task<string> DryRunAsync(params string[] recipients)
    {
        using var response = await fixture.Gateway.Http.PostAsJsonAsync("/api/policy/dry-run",
            new { direction = "Outbound", tenantId = "lds", sender = "clerk@lds.example", recipients });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("text").GetString()!;
    }

    [Fact]
    public async Task An_alias_whose_one_copy_cannot_be_encrypted_for_every_target_is_refused_and_the_dry_run_says_so()
    {
        // board → plain (no key, IfPossible) and partner (certificate, the tenant's Mandatory): one copy cannot be both.
        var subject = $"alias-{Guid.NewGuid():N}";
        var queueId = await SubmitAsync("clerk@lds.example", ["board@remote.example"], Plain("board@remote.example", subject, $"Vorstandsvorlage {subject}"));

        var status = await fixture.Gateway.WaitCompletedAsync(queueId);
        var recipient = status.GetProperty("recipients")[0];
        Assert.Equal("Bounced", recipient.GetProperty("state").GetString());
        Assert.Equal("5.7.1", recipient.GetProperty("status").GetString());
        Assert.Contains("alias board@remote.example: encryption to partner@remote.example is mandatory", recipient.GetProperty("lastResponse").GetString());
        await fixture.Gateway.WaitCompletedAsync(Assert.Single(status.GetProperty("notifications").EnumerateArray()).GetString()!);
        Assert.DoesNotContain(fixture.Smarthost.Messages(), m => m.Message.Contains(subject));
        var dsn = Assert.Single(fixture.Lds.Messages(), m => m.Message.Contains(subject) && m.MailFrom.Length == 0);
        Assert.Contains("Final-Recipient: rfc822; board@remote.example", dsn.Message);

        const string line = "alias <board@remote.example> (one copy for plain@remote.example, partner@remote.example): refuse 5.7.1";
        Assert.Contains(line, Trace(status));
        Assert.Contains(line, await DryRunAsync("board@remote.example"));
    }

    [Fact]
    public async Task An_alias_to_two_certificate_holders_gets_one_copy_that_each_of_them_can_open()
    {
        var subject = $"pair-{Guid.NewGuid():N}";
        var text = $"Gemeinsame Stellungnahme {subject}";
        var queueId = await SubmitAsync("clerk@lds.example", ["pair@remote.example"], Plain("pair@remote.example", subject, text));

        var status = await fixture.Gateway.WaitCompletedAsync(queueId);
        Assert.Equal("Delivered", status.GetProperty("recipients")[0].GetProperty("state").GetString());
        var delivered = Assert.Single(fixture.Smarthost.Messages(), m => m.Message.Contains(subject));
        Assert.Equal(["pair@remote.example"], delivered.RcptTo);
        Assert.DoesNotContain(text, delivered.Message);
        Assert.Contains(text, await DecryptAsync(delivered.Message, "partner"));
        Assert.Contains(text, await DecryptAsync(delivered.Message, "partner2"));
        Assert.Contains("sign-organisation+encrypt-smime-personal", await DryRunAsync("pair@remote.example"));
    }

    [Fact]
    public async Task A_Bcc_recipient_gets_a_copy_of_its_own_and_no_copy_carries_the_Bcc_header()
    {
        var subject = $"bcc-{Guid.NewGuid():N}";
        var text = $"Vertraulich {subject}";
        var queueId = await SubmitAsync("clerk@lds.example", ["partner@remote.example", "partner2@remote.example"],
            Plain("partner@remote.example", subject, text, "Bcc: partner2@remote.example\n"));

        await fixture.Gateway.WaitCompletedAsync(queueId);
        var copies = fixture.Smarthost.Messages().Where(m => m.Message.Contains(subject)).ToList();
        Assert.Equal(2, copies.Count);
        var toPartner = Assert.Single(copies, c => c.RcptTo.SequenceEqual(["partner@remote.example"]));
        var toBcc = Assert.Single(copies, c => c.RcptTo.SequenceEqual(["partner2@remote.example"]));
        Assert.All(copies, c => Assert.Null(c.Header("Bcc")));
        // Each copy carries only its own recipient's RecipientInfo: the other key cannot open it.
        Assert.Contains(text, await DecryptAsync(toPartner.Message, "partner"));
        Assert.Null(await DecryptAsync(toPartner.Message, "partner2"));
        Assert.Contains(text, await DecryptAsync(toBcc.Message, "partner2"));
        Assert.Null(await DecryptAsync(toBcc.Message, "partner"));
        Assert.DoesNotContain("Bcc:", await DecryptAsync(toBcc.Message, "partner2"));
    }

    [Fact]
    public async Task A_plain_copy_leaves_without_the_Bcc_header_and_otherwise_byte_for_byte()
    {
        // Inbound to a recipient outside the listed addresses (no policy) and a listed one (nothing to decrypt or verify).
        var subject = $"bcc-plain-{Guid.NewGuid():N}";
        await using var smtp = await RawSmtpClient.ConnectAsync(fixture.Gateway.InboundPort);
        await smtp.SendAsync("EHLO mta.remote.example");
        Assert.StartsWith("250", await smtp.SendAsync("MAIL FROM:<boss@remote.example>"));
        Assert.StartsWith("250", await smtp.SendAsync("RCPT TO:<user@listed.example>"));
        Assert.StartsWith("250", await smtp.SendAsync("RCPT TO:<vip@listed.example>"));
        var reply = await smtp.SendDataAsync(
            $"From: boss@remote.example\nTo: user@listed.example\nBcc: vip@listed.example,\n  other@listed.example\nX-Mailer: test\nSubject: {subject}\n\nan internal note\n");
        Assert.StartsWith("250", reply);
        await fixture.Gateway.WaitCompletedAsync(GatewayProcess.QueueIdOf(reply));

        var copies = fixture.Lds.Messages().Where(m => m.Message.Contains(subject)).ToList();
        Assert.Equal(["user@listed.example", "vip@listed.example"], copies.SelectMany(c => c.RcptTo).Order());
        Assert.All(copies, c =>
        {
            Assert.Null(c.Header("Bcc"));
            Assert.DoesNotContain("other@listed.example", c.Message);
            Assert.Contains($"From: boss@remote.example\nTo: user@listed.example\nX-Mailer: test\nSubject: {subject}\n\nan internal note\n", c.Message); // smtp-sink dumps LF lines
        });
    }

    public static TheoryData<string> ClaimsOfEncryption => new()
    {
        // An enveloped-data header over base64 plain text.
        "Content-Type: application/pkcs7-mime; smime-type=enveloped-data; name=smime.p7m\nContent-Transfer-Encoding: base64\n\n"
            + Convert.ToBase64String(Encoding.ASCII.GetBytes("Content-Type: text/plain\r\n\r\nMARKER in plain text\r\n")) + "\n",
        // PGP/MIME that is not: the "encrypted" part is readable text.
        "Content-Type: multipart/encrypted; protocol=\"application/pgp-encrypted\"; boundary=b1\n\n--b1\nContent-Type: application/pgp-encrypted\n\nVersion: 1\n\n--b1\nContent-Type: application/octet-stream\n\n-----BEGIN PGP MESSAGE-----\n\nMARKER in plain text\n-----END PGP MESSAGE-----\n--b1--\n",
        // RFC 3274 compressed data: legitimate, and readable by anyone.
        "Content-Type: application/pkcs7-mime; smime-type=compressed-data; name=smime.p7z\nContent-Transfer-Encoding: base64\n\n" + Convert.ToBase64String(CompressedData("Content-Type: text/plain\r\n\r\nMARKER in plain text\r\n")) + "\n",
    };

    [Theory]
    [MemberData(nameof(ClaimsOfEncryption))]
    public async Task A_body_that_only_claims_to_be_encrypted_is_encrypted_by_the_gateway_or_refused(string claim)
    {
        var subject = $"claim-{Guid.NewGuid():N}";
        var message = $"From: clerk@lds.example\nTo: partner@remote.example, nokey@remote.example\nSubject: {subject}\nMIME-Version: 1.0\n{claim}";
        var queueId = await SubmitAsync("clerk@lds.example", ["partner@remote.example", "nokey@remote.example"], message);

        var status = await fixture.Gateway.WaitCompletedAsync(queueId);
        Assert.Contains("sign-organisation+encrypt-smime-personal", Trace(status));
        Assert.DoesNotContain("already", Trace(status));
        var states = status.GetProperty("recipients").EnumerateArray().ToDictionary(r => r.GetProperty("address").GetString()!, r => r.GetProperty("state").GetString());
        Assert.Equal("Delivered", states["partner@remote.example"]);
        Assert.Equal("Bounced", states["nokey@remote.example"]);
        var delivered = Assert.Single(fixture.Smarthost.Messages(), m => m.Message.Contains(subject));
        Assert.Equal(["partner@remote.example"], delivered.RcptTo);
        Assert.DoesNotContain("MARKER", delivered.Message);
        Assert.NotNull(await DecryptAsync(delivered.Message, "partner"));
    }

    [Fact]
    public async Task Forged_stamps_are_removed_for_a_recipient_outside_the_listed_addresses_too()
    {
        var subject = $"forged-{Guid.NewGuid():N}";
        await using var smtp = await RawSmtpClient.ConnectAsync(fixture.Gateway.InboundPort);
        await smtp.SendAsync("EHLO mta.remote.example");
        Assert.StartsWith("250", await smtp.SendAsync("MAIL FROM:<boss@remote.example>"));
        Assert.StartsWith("250", await smtp.SendAsync("RCPT TO:<user@listed.example>"));
        var reply = await smtp.SendDataAsync(
            $"X-SMGW-Signature: valid; signer=CN=Boss\nx-smgw-decryption: decrypted;\n key=folded\nFrom: boss@remote.example\nTo: user@listed.example\nSubject: {subject}\n\npay now\n");
        Assert.StartsWith("250", reply);
        var status = await fixture.Gateway.WaitCompletedAsync(GatewayProcess.QueueIdOf(reply));
        Assert.Contains("pass-unrouted", Trace(status));

        var delivered = Assert.Single(fixture.Lds.Messages(), m => m.Message.Contains(subject));
        Assert.DoesNotContain("X-SMGW", delivered.Message, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("key=folded", delivered.Message);
        Assert.Contains("pay now", delivered.Message);
    }

    /// <summary>An RFC 3274 CompressedData ContentInfo (zlib) of <paramref name="content"/>.</summary>
    private static byte[] CompressedData(string content)
    {
        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            zlib.Write(Encoding.ASCII.GetBytes(content));
        }
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteObjectIdentifier("1.2.840.113549.1.9.16.1.9");
            using (writer.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true)))
            using (writer.PushSequence())
            {
                writer.WriteInteger(0);
                using (writer.PushSequence())
                {
                    writer.WriteObjectIdentifier("1.2.840.113549.1.9.16.3.8");
                }
                using (writer.PushSequence())
                {
                    writer.WriteObjectIdentifier("1.2.840.113549.1.7.1");
                    using (writer.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true)))
                    {
                        writer.WriteOctetString(compressed.ToArray());
                    }
                }
            }
        }
        return writer.Encode();
    }
}
