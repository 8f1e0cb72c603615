using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using MimeKit;
using MimeKit.Cryptography;
using Smgw.Tests.Crypto;
using Smgw.Tests.Infrastructure;
using Xunit;

namespace Smgw.Tests.EndToEnd;

/// <summary>
/// Outbound S/MIME through the real gateway process (issue B): configured through the API,
/// checked with openssl on the bytes the smarthost received, refusals as DSNs, and the dry run.
/// </summary>
[Collection(SmimeGatewayCollection.Name)]
public sealed class SmimeGatewayTests(SmimeGatewayFixture fixture)
{
    private async Task<string> SubmitAsync(string from, string to, string subject, string text)
    {
        await using var smtp = await RawSmtpClient.ConnectAsync(fixture.Gateway.SubmissionPort);
        await smtp.SendAsync("EHLO mail.lds.example");
        Assert.StartsWith("220", await smtp.StartTlsAsync());
        await smtp.SendAsync("EHLO mail.lds.example");
        Assert.StartsWith("250", await smtp.SendAsync($"MAIL FROM:<{from}>"));
        Assert.StartsWith("250", await smtp.SendAsync($"RCPT TO:<{to}>"));
        var reply = await smtp.SendDataAsync($"From: {from}\nTo: {to}\nSubject: {subject}\nMessage-ID: <{subject}@lds.example>\nContent-Type: text/plain; charset=utf-8\n\n{text}\n");
        Assert.StartsWith("250 2.0.0", reply);
        return GatewayProcess.QueueIdOf(reply);
    }

    [Fact]
    public async Task Mail_to_a_partner_with_a_certificate_leaves_encrypted_and_signed_and_openssl_opens_and_verifies_it()
    {
        var subject = $"smime-{Guid.NewGuid():N}";
        var text = $"Vertraulicher Bericht {subject}";
        var queueId = await SubmitAsync("clerk@lds.example", "partner@remote.example", subject, text);

        var status = await fixture.Gateway.WaitCompletedAsync(queueId);
        Assert.Equal("Delivered", status.GetProperty("recipients")[0].GetProperty("state").GetString());
        var trace = string.Join("\n", status.GetProperty("policyTrace").EnumerateArray().Select(l => l.GetString()));
        Assert.Contains("sign-organisation+encrypt-smime-personal", trace);

        var delivered = Assert.Single(fixture.Smarthost.Messages(), m => m.Message.Contains(subject));
        Assert.Equal(["partner@remote.example"], delivered.RcptTo);
        Assert.Contains("application/pkcs7-mime", delivered.Header("Content-Type"));
        Assert.DoesNotContain(text, delivered.Message);

        var dir = Path.Combine(fixture.Pki.Directory, Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        await File.WriteAllTextAsync(Path.Combine(dir, "received.eml"), delivered.Message, Encoding.Latin1);
        await OpenSsl.RunOkAsync(dir, "cms", "-decrypt", "-in", "received.eml",
            "-inkey", fixture.Pki.PathOf("partner.key"), "-recip", fixture.Pki.PathOf("partner.pem"), "-out", "signed.eml");
        await OpenSsl.RunOkAsync(dir, "cms", "-verify", "-in", "signed.eml", "-CAfile", fixture.Pki.PathOf("ca.pem"), "-out", "content.eml");
        var content = MimeEntity.Load(Path.Combine(dir, "content.eml"));
        var part = Assert.IsType<TextPart>(content);
        Assert.Contains(text, part.Text);

        var metrics = await fixture.Gateway.Http.GetStringAsync("/metrics");
        Assert.Contains("smgw_policy_actions_total{direction=\"outbound\",tenant=\"lds\",kind=\"encrypted-smime\"}", metrics);
        Assert.Contains("smgw_policy_actions_total{direction=\"outbound\",tenant=\"lds\",kind=\"signed\"}", metrics);

        // The signer is the organisation certificate of lds.example.
        var signers = await OpenSsl.RunOkAsync(dir, "cms", "-verify", "-in", "signed.eml", "-CAfile", fixture.Pki.PathOf("ca.pem"), "-signer", "signer.pem", "-out", "/dev/null");
        Assert.NotNull(signers);
        Assert.Equal(
            fixture.OrganisationCertificatePem.ReplaceLineEndings("\n").Trim(),
            (await File.ReadAllTextAsync(Path.Combine(dir, "signer.pem"))).ReplaceLineEndings("\n").Trim());
    }

    [Fact]
    public async Task Mail_to_a_domain_with_a_domain_certificate_is_encrypted_to_that_gateway_and_openssl_opens_it()
    {
        var (domainCertificate, _) = fixture.Pki.Issue("partnergw", "Partner Gateway", "gateway@partnergw.example");
        await fixture.PutAsync("/api/certificates/partnergw.example", new { certificatePem = domainCertificate });
        var subject = $"domain-{Guid.NewGuid():N}";
        var text = $"An die Partnerbehoerde {subject}";
        var queueId = await SubmitAsync("clerk@lds.example", "anyone@partnergw.example", subject, text);

        var status = await fixture.Gateway.WaitCompletedAsync(queueId);
        var trace = string.Join("\n", status.GetProperty("policyTrace").EnumerateArray().Select(l => l.GetString()));
        Assert.Contains("sign-organisation+encrypt-smime-domain", trace);
        var delivered = Assert.Single(fixture.Smarthost.Messages(), m => m.Message.Contains(subject));
        Assert.DoesNotContain(text, delivered.Message);

        var dir = Path.Combine(fixture.Pki.Directory, Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        await File.WriteAllTextAsync(Path.Combine(dir, "received.eml"), delivered.Message, Encoding.Latin1);
        await OpenSsl.RunOkAsync(dir, "cms", "-decrypt", "-in", "received.eml",
            "-inkey", fixture.Pki.PathOf("partnergw.key"), "-recip", fixture.Pki.PathOf("partnergw.pem"), "-out", "signed.eml");
        await OpenSsl.RunOkAsync(dir, "cms", "-verify", "-in", "signed.eml", "-CAfile", fixture.Pki.PathOf("ca.pem"), "-out", "content.eml");
        Assert.Contains(text, Assert.IsType<TextPart>(MimeEntity.Load(Path.Combine(dir, "content.eml"))).Text);
    }

    [Fact]
    public async Task Mail_to_a_recipient_without_a_certificate_under_mandatory_encryption_is_refused_with_a_5_7_1_dsn()
    {
        var subject = $"nokey-{Guid.NewGuid():N}";
        var queueId = await SubmitAsync("clerk@lds.example", "nokey@remote.example", subject, "must not leave in plain text");

        var status = await fixture.Gateway.WaitCompletedAsync(queueId);
        var recipient = status.GetProperty("recipients")[0];
        Assert.Equal("Bounced", recipient.GetProperty("state").GetString());
        Assert.Equal("5.7.1", recipient.GetProperty("status").GetString());
        var dsnId = Assert.Single(status.GetProperty("notifications").EnumerateArray()).GetString()!;
        await fixture.Gateway.WaitCompletedAsync(dsnId);

        Assert.DoesNotContain(fixture.Smarthost.Messages(), m => m.Message.Contains(subject) && m.MailFrom.Length > 0);
        var dsn = Assert.Single(fixture.Lds.Messages(), m => m.Message.Contains(subject) && m.MailFrom.Length == 0);
        Assert.Equal(["clerk@lds.example"], dsn.RcptTo);
        var report = MimeMessage.Load(new MemoryStream(Encoding.Latin1.GetBytes(dsn.Message)));
        var multipart = Assert.IsType<MultipartReport>(report.Body);
        var fields = Assert.Single(multipart.OfType<MessageDeliveryStatus>()).StatusGroups[1];
        Assert.Equal("rfc822; nokey@remote.example", fields["Final-Recipient"]);
        Assert.Equal("failed", fields["Action"]);
        Assert.Equal("5.7.1", fields["Status"]);
        Assert.Contains("mandatory", fields["Diagnostic-Code"]);
    }

    [Fact]
    public async Task A_recipient_marked_for_the_messenger_is_delivered_to_the_messenger_and_notified_without_content()
    {
        var subject = $"messenger-{Guid.NewGuid():N}";
        var queueId = await SubmitAsync("clerk@lds.example", "reader@remote.example", subject, "for the Messenger");

        var status = await fixture.Gateway.WaitCompletedAsync(queueId);
        var recipient = status.GetProperty("recipients")[0];
        Assert.Equal("Delivered", recipient.GetProperty("state").GetString());
        Assert.Contains("delivered to the Messenger", recipient.GetProperty("lastResponse").GetString());
        var trace = string.Join("\n", status.GetProperty("policyTrace").EnumerateArray().Select(l => l.GetString()));
        Assert.Contains("rule: address reader@remote.example (external, recipient) 'via-messenger' v1 set outbound.onMissingKey=Messenger", trace);
        // Neither the message nor its subject leaves in plain text: only the notification with its link.
        Assert.DoesNotContain(fixture.Smarthost.Messages(), m => m.Message.Contains(subject) || m.Message.Contains("for the Messenger"));
        var notice = await Eventually.WaitAsync(
            () => Task.FromResult(fixture.Smarthost.Messages().LastOrDefault(m => m.RcptTo.Contains("reader@remote.example") && m.Message.Contains("/m/") && m.Header("Auto-Submitted") == "auto-generated")),
            TimeSpan.FromSeconds(30), "the Messenger notification to reach the smarthost");

        // Smgw:Messenger:PublicUrl is not set: the link follows Smgw:Messenger:Listen (given as a URL) and works.
        var link = System.Text.RegularExpressions.Regex.Match(MimeMessage.Load(new MemoryStream(Encoding.Latin1.GetBytes(notice.Message))).TextBody ?? "", @"https?://[^\s""<>]+/m/[A-Za-z0-9_\-]+").Value;
        Assert.StartsWith(fixture.Gateway.MessengerUrl + "/m/", link);
        using var messenger = new HttpClient();
        using var page = await messenger.GetAsync(link);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
    }

    [Fact]
    public async Task The_dry_run_names_the_rule_levels_and_the_chosen_key_and_sends_nothing()
    {
        var before = fixture.Smarthost.Messages().Count;
        using var response = await fixture.Gateway.Http.PostAsJsonAsync("/api/policy/dry-run", new
        {
            direction = "Outbound",
            tenantId = "lds",
            sender = "clerk@lds.example",
            recipients = new[] { "Partner@Remote.Example", "nokey@remote.example" },
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var text = body.GetProperty("text").GetString()!;

        Assert.StartsWith("dry run: outbound, tenant lds, from <clerk@lds.example>", text);
        Assert.True(text.Contains("rule: standard rules 'standard' v1 set outbound.sign=Organisation", StringComparison.Ordinal), text);
        Assert.True(text.Contains("rule: tenant lds deviation 'lds-secure' v1 set outbound.encryption=Mandatory", StringComparison.Ordinal), text);
        Assert.True(text.Contains("key: personal S/MIME certificate of partner@remote.example usable (", StringComparison.Ordinal), text);
        Assert.True(text.Contains("choice: encrypt to the personal S/MIME certificate of partner@remote.example", StringComparison.Ordinal), text);
        Assert.True(text.Contains("key: organisation certificate of lds.example usable (", StringComparison.Ordinal), text);
        Assert.True(text.Contains("recipient <Partner@remote.example>: sign-organisation+encrypt-smime-personal", StringComparison.Ordinal), text);
        Assert.True(text.Contains("recipient <nokey@remote.example>: refuse 5.7.1", StringComparison.Ordinal), text);
        Assert.Equal(2, body.GetProperty("decision").GetProperty("recipients").GetArrayLength());
        Assert.Equal(before, fixture.Smarthost.Messages().Count);
    }

    [Fact]
    public async Task Certificates_are_shown_without_private_key_material_and_bad_input_names_the_field()
    {
        var listed = await fixture.Gateway.Http.GetStringAsync("/api/certificates/lds.example");
        Assert.Contains("\"hasPrivateKey\":true", listed);
        Assert.Contains("\"source\":\"imported\"", listed);
        Assert.DoesNotContain("PRIVATE KEY", listed);
        Assert.DoesNotContain("protectedPrivateKey", listed, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(fixture.OrganisationKeyPem.Split('\n')[1], fixture.Gateway.Output);

        var (_, otherKey) = fixture.Pki.Issue("other", "Other", "other@lds.example");
        using var mismatch = await fixture.Gateway.Http.PutAsJsonAsync("/api/tenants/lds/organisation-certificates/lds.example",
            new { certificatePem = fixture.OrganisationCertificatePem, privateKeyPem = otherKey });
        Assert.Equal(HttpStatusCode.BadRequest, mismatch.StatusCode);
        Assert.Contains("privateKeyPem", await mismatch.Content.ReadAsStringAsync());

        using var garbage = await fixture.Gateway.Http.PutAsJsonAsync("/api/certificates/someone@remote.example", new { certificatePem = "not a certificate" });
        Assert.Equal(HttpStatusCode.BadRequest, garbage.StatusCode);
        Assert.Contains("certificatePem", await garbage.Content.ReadAsStringAsync());

        using var foreign = await fixture.Gateway.Http.PutAsJsonAsync("/api/tenants/lds/organisation-certificates/remote.example",
            new { certificatePem = fixture.OrganisationCertificatePem, privateKeyPem = fixture.OrganisationKeyPem });
        Assert.Equal(HttpStatusCode.BadRequest, foreign.StatusCode);
        Assert.Contains("domain", await foreign.Content.ReadAsStringAsync());
    }

    private async Task<string> ReceiveAsync(string from, string to, string message)
    {
        await using var smtp = await RawSmtpClient.ConnectAsync(fixture.Gateway.InboundPort);
        await smtp.SendAsync("EHLO mta.remote.example");
        Assert.StartsWith("250", await smtp.SendAsync($"MAIL FROM:<{from}>"));
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

    [Fact]
    public async Task Inbound_mail_encrypted_to_the_organisation_certificate_and_signed_by_openssl_is_decrypted_verified_and_stamped()
    {
        var subject = $"inbound-{Guid.NewGuid():N}";
        var text = $"Antwort des Partners {subject}";
        var dir = WorkDirectory();
        await File.WriteAllTextAsync(Path.Combine(dir, "content.txt"), $"Content-Type: text/plain; charset=utf-8\r\n\r\n{text}\r\n");
        await OpenSsl.RunOkAsync(dir, "cms", "-sign", "-in", "content.txt", "-signer", fixture.Pki.PathOf("partner.pem"),
            "-inkey", fixture.Pki.PathOf("partner.key"), "-out", "signed.eml");
        await OpenSsl.RunOkAsync(dir, "cms", "-encrypt", "-aes256", "-in", "signed.eml", "-from", "partner@remote.example",
            "-to", "clerk@lds.example", "-subject", subject, "-out", "encrypted.eml", fixture.Pki.PathOf("lds-org.pem"));

        var queueId = await ReceiveAsync("partner@remote.example", "clerk@lds.example", await File.ReadAllTextAsync(Path.Combine(dir, "encrypted.eml")));
        var status = await fixture.Gateway.WaitCompletedAsync(queueId);
        Assert.Equal("Delivered", status.GetProperty("recipients")[0].GetProperty("state").GetString());

        var delivered = Assert.Single(fixture.Lds.Messages(), m => m.Message.Contains(subject));
        var message = MimeMessage.Load(new MemoryStream(Encoding.Latin1.GetBytes(delivered.Message)));
        Assert.StartsWith("decrypted; key=", message.Headers["X-SMGW-Decryption"]);
        Assert.EndsWith("; cipher=AES-256-CBC", message.Headers["X-SMGW-Decryption"]); // openssl cms -encrypt -aes256
        var signature = message.Headers["X-SMGW-Signature"];
        Assert.StartsWith("valid; signer=", signature);
        Assert.Contains("CN=Partner", signature);
        var signed = Assert.IsType<MultipartSigned>(message.Body);
        Assert.Contains(text, Assert.IsType<TextPart>(signed[0]).Text);
    }

    [Fact]
    public async Task Mail_from_an_address_with_a_personal_certificate_under_PersonalIfAvailable_is_signed_with_it_and_openssl_names_it_as_signer()
    {
        var subject = $"personal-{Guid.NewGuid():N}";
        var text = $"Persoenlich unterschrieben {subject}";
        var queueId = await SubmitAsync("chef@lds.example", "partner@remote.example", subject, text);

        var status = await fixture.Gateway.WaitCompletedAsync(queueId);
        Assert.Equal("Delivered", status.GetProperty("recipients")[0].GetProperty("state").GetString());
        var trace = string.Join("\n", status.GetProperty("policyTrace").EnumerateArray().Select(l => l.GetString()));
        Assert.Contains("sign-personal+encrypt-smime-personal", trace);
        Assert.Contains("key: personal signing certificate of chef@lds.example usable (", trace);
        Assert.Contains("sign with the personal signing certificate of chef@lds.example", trace);

        var delivered = Assert.Single(fixture.Smarthost.Messages(), m => m.Message.Contains(subject));
        Assert.DoesNotContain(text, delivered.Message);
        var dir = WorkDirectory();
        await File.WriteAllTextAsync(Path.Combine(dir, "received.eml"), delivered.Message, Encoding.Latin1);
        await OpenSsl.RunOkAsync(dir, "cms", "-decrypt", "-in", "received.eml",
            "-inkey", fixture.Pki.PathOf("partner.key"), "-recip", fixture.Pki.PathOf("partner.pem"), "-out", "signed.eml");
        await OpenSsl.RunOkAsync(dir, "cms", "-verify", "-in", "signed.eml", "-CAfile", fixture.Pki.PathOf("ca.pem"),
            "-signer", "signer.pem", "-out", "content.eml");
        Assert.Contains(text, Assert.IsType<TextPart>(MimeEntity.Load(Path.Combine(dir, "content.eml"))).Text);
        Assert.Equal(
            fixture.PersonalCertificatePem.ReplaceLineEndings("\n").Trim(),
            (await File.ReadAllTextAsync(Path.Combine(dir, "signer.pem"))).ReplaceLineEndings("\n").Trim());

        // The personal certificate is listed with its public data only.
        var listed = await fixture.Gateway.Http.GetStringAsync("/api/certificates/chef@lds.example");
        Assert.Contains("\"kind\":\"Personal\"", listed);
        Assert.Contains("\"hasPrivateKey\":true", listed);
        Assert.DoesNotContain("PRIVATE KEY", listed);

        // A certificate that does not name the address is refused, naming the field.
        using var wrong = await fixture.Gateway.Http.PutAsJsonAsync("/api/tenants/lds/personal-certificates/clerk@lds.example", new
        {
            certificatePem = await File.ReadAllTextAsync(fixture.Pki.PathOf("partner.pem")),
            privateKeyPem = await File.ReadAllTextAsync(fixture.Pki.PathOf("partner.key")),
        });
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.Contains("certificatePem: the certificate does not name clerk@lds.example", await wrong.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Inbound_mail_encrypted_by_openssl_to_a_personal_certificate_the_gateway_holds_is_decrypted_and_the_stamp_names_it()
    {
        var subject = $"to-personal-{Guid.NewGuid():N}";
        var text = $"Nur fuer den Chef {subject}";
        var dir = WorkDirectory();
        await File.WriteAllTextAsync(Path.Combine(dir, "content.txt"), $"Content-Type: text/plain; charset=utf-8\r\n\r\n{text}\r\n");
        await OpenSsl.RunOkAsync(dir, "cms", "-encrypt", "-aes256", "-in", "content.txt", "-from", "partner@remote.example",
            "-to", "chef@lds.example", "-subject", subject, "-out", "encrypted.eml", fixture.Pki.PathOf("chef.pem"));

        var queueId = await ReceiveAsync("partner@remote.example", "chef@lds.example", await File.ReadAllTextAsync(Path.Combine(dir, "encrypted.eml")));
        var status = await fixture.Gateway.WaitCompletedAsync(queueId);
        Assert.Equal("Delivered", status.GetProperty("recipients")[0].GetProperty("state").GetString());

        var delivered = Assert.Single(fixture.Lds.Messages(), m => m.Message.Contains(subject));
        var message = MimeMessage.Load(new MemoryStream(Encoding.Latin1.GetBytes(delivered.Message)));
        var stamp = message.Headers["X-SMGW-Decryption"];
        Assert.StartsWith("decrypted; key=", stamp);
        Assert.Contains("personal S/MIME certificate (decryption) of chef@lds.example", stamp);
        Assert.Contains(text, Assert.IsType<TextPart>(message.Body).Text);

    }

    [Fact]
    public async Task The_certificate_of_a_verified_inbound_signature_is_harvested_and_then_used_to_encrypt_the_reply()
    {
        fixture.Pki.Issue("newpartner", "New Partner", "newpartner@remote.example");
        var subject = $"harvest-{Guid.NewGuid():N}";
        var dir = WorkDirectory();
        await File.WriteAllTextAsync(Path.Combine(dir, "content.txt"), $"Content-Type: text/plain\r\n\r\nhello {subject}\r\n");
        await OpenSsl.RunOkAsync(dir, "cms", "-sign", "-in", "content.txt", "-signer", fixture.Pki.PathOf("newpartner.pem"),
            "-inkey", fixture.Pki.PathOf("newpartner.key"), "-from", "newpartner@remote.example", "-to", "clerk@lds.example",
            "-subject", subject, "-out", "signed.eml");
        var queueId = await ReceiveAsync("newpartner@remote.example", "clerk@lds.example", await File.ReadAllTextAsync(Path.Combine(dir, "signed.eml")));
        await fixture.Gateway.WaitCompletedAsync(queueId);

        var stored = await fixture.Gateway.Http.GetFromJsonAsync<JsonElement>("/api/certificates/newpartner@remote.example");
        var entry = Assert.Single(stored.EnumerateArray());
        Assert.Equal("harvested", entry.GetProperty("source").GetString());
        Assert.Equal("Certificate", entry.GetProperty("kind").GetString());

        using var response = await fixture.Gateway.Http.PostAsJsonAsync("/api/policy/dry-run", new
        {
            direction = "Outbound", tenantId = "lds", sender = "clerk@lds.example", recipients = new[] { "newpartner@remote.example" },
        });
        var text = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("text").GetString()!;
        Assert.True(text.Contains("recipient <newpartner@remote.example>: sign-organisation+encrypt-smime-personal", StringComparison.Ordinal), text);
    }

    [Fact]
    public async Task An_untrusted_signature_is_stamped_invalid_and_a_forged_stamp_from_outside_is_removed()
    {
        using var stranger = new GatewayPki();
        stranger.Issue("partner", "Partner (other CA)", "partner@remote.example");
        var subject = $"untrusted-{Guid.NewGuid():N}";
        var dir = WorkDirectory();
        await File.WriteAllTextAsync(Path.Combine(dir, "content.txt"), $"Content-Type: text/plain\r\n\r\nplease pay {subject}\r\n");
        await OpenSsl.RunOkAsync(dir, "cms", "-sign", "-in", "content.txt", "-signer", stranger.PathOf("partner.pem"),
            "-inkey", stranger.PathOf("partner.key"), "-from", "partner@remote.example", "-to", "clerk@lds.example",
            "-subject", subject, "-out", "signed.eml");
        var forged = "X-SMGW-Signature: valid; signer=CN=Boss\r\n" + await File.ReadAllTextAsync(Path.Combine(dir, "signed.eml"));

        var queueId = await ReceiveAsync("partner@remote.example", "clerk@lds.example", forged);
        await fixture.Gateway.WaitCompletedAsync(queueId);

        var delivered = Assert.Single(fixture.Lds.Messages(), m => m.Message.Contains(subject));
        var message = MimeMessage.Load(new MemoryStream(Encoding.Latin1.GetBytes(delivered.Message)));
        var stamp = Assert.Single(message.Headers, h => h.Field.Equals("X-SMGW-Signature", StringComparison.OrdinalIgnoreCase));
        Assert.StartsWith("invalid; reason=", stamp.Value);
        Assert.Contains("Untrusted", stamp.Value);
    }

    [Fact]
    public async Task Mail_for_a_tenant_whose_policy_names_a_missing_policy_is_deferred_with_4_3_5()
    {
        var subject = $"broken-{Guid.NewGuid():N}";
        var queueId = await ReceiveAsync("someone@remote.example", "user@broken.example",
            $"From: someone@remote.example\nTo: user@broken.example\nSubject: {subject}\n\nhello\n");

        var recipient = await Eventually.WaitAsync<JsonElement>(async () =>
        {
            var status = await fixture.Gateway.Http.GetFromJsonAsync<JsonElement>($"/api/queue/{queueId}");
            var first = status.GetProperty("recipients")[0];
            return first.GetProperty("state").GetString() == "Deferred" ? (JsonElement?)first : null;
        }, TimeSpan.FromSeconds(60), "the recipient to be deferred");
        Assert.Equal("4.3.5", recipient.GetProperty("status").GetString());
        Assert.Contains("no-such-policy", recipient.GetProperty("lastResponse").GetString());
        Assert.DoesNotContain(fixture.Lds.Messages(), m => m.Message.Contains(subject));

        using var deleted = await fixture.Gateway.Http.DeleteAsync($"/api/queue/{queueId}");
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
    }
}
