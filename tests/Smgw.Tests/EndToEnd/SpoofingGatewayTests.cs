using System.Net;
using System.Text;
using MimeKit;
using Smgw.Tests.Crypto;
using Smgw.Tests.Infrastructure;
using Xunit;

namespace Smgw.Tests.EndToEnd;

/// <summary>
/// Issue F1, section 3 (seed CL-3): nobody outside sends as a tenant — neither in the envelope nor
/// in the header From, nor under a subdomain —, a tenant's relay sends only as its own domains (or
/// what it was allowed), and the gateway signs only for the From address its certificate names.
/// </summary>
[Collection(SmimeGatewayCollection.Name)]
public sealed class SpoofingGatewayTests(SmimeGatewayFixture fixture)
{
    private static string Message(string from, string to, string subject) =>
        $"From: {from}\nTo: {to}\nSubject: {subject}\nMessage-ID: <{subject}@test>\n\nbitte sofort ueberweisen\n";

    private async Task<string> InboundAsync(string envelopeFrom, string headerFrom, string subject)
    {
        await using var smtp = await RawSmtpClient.ConnectAsync(fixture.Gateway.InboundPort);
        await smtp.SendAsync("EHLO mta.remote.example");
        var mail = await smtp.SendAsync($"MAIL FROM:<{envelopeFrom}>");
        if (!mail.StartsWith("250", StringComparison.Ordinal))
        {
            return mail;
        }
        Assert.StartsWith("250", await smtp.SendAsync("RCPT TO:<clerk@lds.example>"));
        return await smtp.SendDataAsync(Message(headerFrom, "clerk@lds.example", subject));
    }

    private async Task<string> OutboundAsync(string envelopeFrom, string headerFrom, string to, string subject, IPAddress? source = null)
    {
        await using var smtp = await RawSmtpClient.ConnectAsync(fixture.Gateway.SubmissionPort, source);
        await smtp.SendAsync("EHLO mail.tenant.example");
        Assert.StartsWith("220", await smtp.StartTlsAsync());
        await smtp.SendAsync("EHLO mail.tenant.example");
        var mail = await smtp.SendAsync($"MAIL FROM:<{envelopeFrom}>");
        if (!mail.StartsWith("250", StringComparison.Ordinal))
        {
            return mail;
        }
        Assert.StartsWith("250", await smtp.SendAsync($"RCPT TO:<{to}>"));
        return await smtp.SendDataAsync(Message(headerFrom, to, subject));
    }

    [Theory]
    [InlineData("ceo@lds.example")]
    [InlineData("\"Der Chef\" <CEO@LDS.Example>")]
    [InlineData("ceo@post.lds.example")]
    [InlineData("someone@remote.example, ceo@listed.example")]
    [InlineData("ceo@lds.example <<not parseable")]
    public async Task An_outside_sender_whose_header_From_claims_a_tenant_domain_is_refused_at_the_end_of_DATA(string headerFrom)
    {
        var subject = $"spoof-{Guid.NewGuid():N}";
        var reply = await InboundAsync("stranger@remote.example", headerFrom, subject);

        Assert.StartsWith("554 5.7.1 Header From <", reply);
        Assert.Contains("anti-spoofing", reply);
        Assert.DoesNotContain(fixture.Lds.Messages(), m => m.Message.Contains(subject));
    }

    [Fact]
    public async Task A_tenant_address_only_in_the_display_name_and_an_unrelated_domain_are_accepted()
    {
        var subject = $"display-{Guid.NewGuid():N}";
        Assert.StartsWith("250 2.0.0", await InboundAsync("stranger@remote.example", "\"ceo@lds.example\" <stranger@remote.example>", subject));
        Assert.StartsWith("250 2.0.0", await InboundAsync("stranger@remote.example", "someone@notlds.example", subject + "-b"));
    }

    [Fact]
    public async Task An_envelope_sender_under_a_tenant_domain_is_refused_from_outside()
    {
        var reply = await InboundAsync("ceo@post.lds.example", "ceo@post.lds.example", $"env-{Guid.NewGuid():N}");
        Assert.StartsWith("550 5.7.1 <ceo@post.lds.example>", reply);
    }

    [Theory]
    [InlineData("boss@listed.example")]
    [InlineData("boss@post.lds.example")]
    [InlineData("friend@gmail.example")]
    public async Task A_tenants_relay_cannot_send_a_header_From_outside_its_own_domains(string headerFrom)
    {
        var subject = $"out-spoof-{Guid.NewGuid():N}";
        var reply = await OutboundAsync("clerk@lds.example", headerFrom, "partner@remote.example", subject);

        Assert.StartsWith($"554 5.7.1 Header From <{headerFrom}> is not in a domain of tenant lds", reply);
        Assert.DoesNotContain(fixture.Smarthost.Messages(), m => m.Message.Contains(subject));
        // A subdomain is not the domain in the envelope either.
        Assert.StartsWith("550 5.7.1", await OutboundAsync("clerk@post.lds.example", "clerk@lds.example", "partner@remote.example", subject));
    }

    [Fact]
    public async Task A_relay_allowed_to_forward_foreign_authors_may_and_only_those()
    {
        var subject = $"fwd-{Guid.NewGuid():N}";
        Assert.StartsWith("250 2.0.0", await OutboundAsync("user@fwd.example", "friend@gmail.example", "someone@elsewhere.example", subject, IPAddress.Parse("127.0.0.2")));
        Assert.StartsWith("554 5.7.1 Header From <friend@other.example> is not in a domain of tenant fwd",
            await OutboundAsync("user@fwd.example", "friend@other.example", "someone@elsewhere.example", subject + "-b", IPAddress.Parse("127.0.0.2")));
    }

    [Fact]
    public async Task The_gateway_signs_for_the_header_From_not_for_the_envelope_sender()
    {
        // chef has a personal certificate and sign=PersonalIfAvailable; the header says the message is clerk's.
        var subject = $"signer-{Guid.NewGuid():N}";
        var reply = await OutboundAsync("chef@lds.example", "clerk@lds.example", "partner@remote.example", subject);
        Assert.StartsWith("250 2.0.0", reply);
        await fixture.Gateway.WaitCompletedAsync(GatewayProcess.QueueIdOf(reply));

        var delivered = Assert.Single(fixture.Smarthost.Messages(), m => m.Message.Contains(subject));
        var dir = Path.Combine(fixture.Pki.Directory, Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        await File.WriteAllTextAsync(Path.Combine(dir, "received.eml"), delivered.Message, Encoding.Latin1);
        await OpenSsl.RunOkAsync(dir, "cms", "-decrypt", "-in", "received.eml", "-inkey", fixture.Pki.PathOf("partner.key"), "-recip", fixture.Pki.PathOf("partner.pem"), "-out", "signed.eml");
        await OpenSsl.RunOkAsync(dir, "cms", "-verify", "-in", "signed.eml", "-CAfile", fixture.Pki.PathOf("ca.pem"), "-signer", "signer.pem", "-out", "/dev/null");
        Assert.Equal(
            fixture.OrganisationCertificatePem.ReplaceLineEndings("\n").Trim(),
            (await File.ReadAllTextAsync(Path.Combine(dir, "signer.pem"))).ReplaceLineEndings("\n").Trim());
    }

    [Fact]
    public async Task In_mark_mode_such_mail_is_accepted_and_every_recipient_sees_the_warning()
    {
        await using var sink = await SmtpSink.StartAsync();
        await using var gateway = new GatewayProcess(new Dictionary<string, string> { ["Smgw__Smtp__SpoofedHeaderFrom"] = "Mark" });
        await gateway.StartAsync();
        await gateway.PutTenantAsync("lds", new { domains = new[] { "lds.example" }, internalServer = sink.Endpoint });
        var subject = $"mark-{Guid.NewGuid():N}";
        await using var smtp = await RawSmtpClient.ConnectAsync(gateway.InboundPort);
        await smtp.SendAsync("EHLO mta.remote.example");
        Assert.StartsWith("250", await smtp.SendAsync("MAIL FROM:<stranger@remote.example>"));
        Assert.StartsWith("250", await smtp.SendAsync("RCPT TO:<clerk@lds.example>"));
        var reply = await smtp.SendDataAsync("X-SMGW-Spoofed-From: <nobody>; forged by the sender\n" + Message("ceo@lds.example", "clerk@lds.example", subject));
        Assert.StartsWith("250 2.0.0", reply);
        await gateway.WaitCompletedAsync(GatewayProcess.QueueIdOf(reply));

        var delivered = MimeMessage.Load(new MemoryStream(Encoding.Latin1.GetBytes(Assert.Single(sink.Messages(), m => m.Message.Contains(subject)).Message)));
        var mark = Assert.Single(delivered.Headers, h => h.Field == "X-SMGW-Spoofed-From");
        Assert.Equal("<ceo@lds.example>; reason=header From in a domain hosted here, received from outside", mark.Value);
    }
}
