using System.Net;
using Smgw.Tests.Infrastructure;
using Xunit;

namespace Smgw.Tests.EndToEnd;

/// <summary>The Internet-facing listener is no open relay and refuses spoofed tenant senders; every refusal has an enhanced status code.</summary>
[Collection(GatewayCollection.Name)]
public sealed class RelayProtectionTests(GatewayFixture fixture)
{
    [Theory]
    [InlineData("<user@lds.example>", "250")]
    [InlineData("<User@LDS.Example>", "250")]
    [InlineData("<user@sub.lds.example>", "250")]
    [InlineData("<user@outside.example>", "550 5.7.1")]
    [InlineData("<user%outside.example@lds.example>", "501 5.1.3")]
    [InlineData("<outside.example!user@lds.example>", "501 5.1.3")]
    [InlineData("<\"user@outside.example\"@lds.example>", "501 5.1.3")]
    [InlineData("<user@[127.0.0.1]>", "501 5.1.3")]
    [InlineData("<user@lds.example.>", "5")] // SmtpServer's parser refuses it (502) before the filter sees it
    [InlineData("<user@evil-lds.example>", "550 5.7.1")]
    [InlineData("<user@lds.example.outside.example>", "550 5.7.1")]
    [InlineData("<user@xlds.example>", "550 5.7.1")]
    [InlineData("<@lds.example:user@outside.example>", "5")]
    [InlineData("<user>", "5")]
    public async Task Recipients_are_accepted_only_in_tenant_domains(string recipient, string expected)
    {
        await using var smtp = await RawSmtpClient.ConnectAsync(fixture.Gateway.InboundPort);
        Assert.StartsWith("250", await smtp.SendAsync("EHLO client.outside.example"));
        Assert.StartsWith("250", await smtp.SendAsync("MAIL FROM:<someone@outside.example>"));
        var reply = await smtp.SendAsync($"RCPT TO:{recipient}");
        Assert.StartsWith(expected, reply);
        if (expected.StartsWith('5'))
        {
            Assert.DoesNotContain("250", reply);
        }
    }

    [Theory]
    [InlineData("<ceo@lds.example>")]
    [InlineData("<ceo@LDS.EXAMPLE>")]
    [InlineData("<ceo@sub.lds.example>")]
    public async Task A_sender_in_a_tenant_domain_is_refused_from_outside(string sender)
    {
        await using var smtp = await RawSmtpClient.ConnectAsync(fixture.Gateway.InboundPort);
        await smtp.SendAsync("EHLO spoofer.example");
        var reply = await smtp.SendAsync($"MAIL FROM:{sender}");
        Assert.StartsWith("550 5.7.1", reply);
        Assert.Contains("anti-spoofing", reply);
    }

    [Fact]
    public async Task The_null_sender_is_accepted_from_outside()
    {
        await using var smtp = await RawSmtpClient.ConnectAsync(fixture.Gateway.InboundPort);
        await smtp.SendAsync("EHLO mta.outside.example");
        Assert.StartsWith("250", await smtp.SendAsync("MAIL FROM:<>"));
        Assert.StartsWith("250", await smtp.SendAsync("RCPT TO:<postmaster@lds.example>"));
    }

    [Fact]
    public async Task Recipients_of_two_tenants_are_split_into_two_transactions()
    {
        await using var smtp = await RawSmtpClient.ConnectAsync(fixture.Gateway.InboundPort);
        await smtp.SendAsync("EHLO mta.outside.example");
        await smtp.SendAsync("MAIL FROM:<a@outside.example>");
        Assert.StartsWith("250", await smtp.SendAsync("RCPT TO:<one@lds.example>"));
        Assert.StartsWith("452 4.5.3", await smtp.SendAsync("RCPT TO:<two@later.example>"));
    }

    [Fact]
    public async Task Ehlo_offers_starttls_and_size_but_no_auth()
    {
        await using var smtp = await RawSmtpClient.ConnectAsync(fixture.Gateway.InboundPort);
        Assert.StartsWith("220 gw.test", smtp.Greeting);
        var ehlo = await smtp.SendAsync("EHLO client.example");
        Assert.Contains("STARTTLS", ehlo);
        Assert.Contains("SIZE 52428800", ehlo);
        Assert.DoesNotContain("AUTH", ehlo);

        var auth = await smtp.SendAsync("AUTH PLAIN AHVzZXIAcGFzc3dvcmQ=");
        Assert.False(auth.StartsWith("235", StringComparison.Ordinal), auth);
    }

    [Fact]
    public async Task A_declared_size_over_the_limit_is_refused_at_mail_from()
    {
        await using var smtp = await RawSmtpClient.ConnectAsync(fixture.Gateway.InboundPort);
        await smtp.SendAsync("EHLO client.example");
        Assert.StartsWith("552 5.3.4", await smtp.SendAsync("MAIL FROM:<a@outside.example> SIZE=999999999"));
    }

    [Fact]
    public async Task The_tenant_listener_refuses_a_client_that_is_no_tenant_relay_before_the_greeting()
    {
        await using var smtp = await RawSmtpClient.ConnectAsync(fixture.Gateway.SubmissionPort, IPAddress.Parse("127.0.0.2"));
        Assert.StartsWith("554 5.7.1", smtp.Greeting);
        Assert.Contains("127.0.0.2", smtp.Greeting);
    }

    [Fact]
    public async Task The_tenant_listener_requires_starttls_and_the_tenants_own_sender_domain()
    {
        await using var smtp = await RawSmtpClient.ConnectAsync(fixture.Gateway.SubmissionPort);
        Assert.StartsWith("220", smtp.Greeting);
        Assert.Contains("STARTTLS", await smtp.SendAsync("EHLO mail.lds.example"));
        Assert.StartsWith("530 5.7.0", await smtp.SendAsync("MAIL FROM:<clerk@lds.example>"));

        Assert.StartsWith("220", await smtp.StartTlsAsync());
        Assert.Contains(smtp.TlsProtocol, new[] { "Tls12", "Tls13" });
        Assert.DoesNotContain("STARTTLS", await smtp.SendAsync("EHLO mail.lds.example"));
        Assert.StartsWith("550 5.7.1", await smtp.SendAsync("MAIL FROM:<clerk@outside.example>"));
        Assert.StartsWith("550 5.7.1", await smtp.SendAsync("MAIL FROM:<clerk@bounce.example>"));
        Assert.StartsWith("250", await smtp.SendAsync("MAIL FROM:<Clerk@LDS.example>"));
        Assert.StartsWith("250", await smtp.SendAsync("RCPT TO:<partner@outside.example>"));
        var marker = Guid.NewGuid().ToString("N");
        var reply = await smtp.SendDataAsync($"From: clerk@lds.example\nTo: partner@outside.example\nSubject: {marker}\n\nhello\n");
        Assert.StartsWith("250 2.0.0", reply);

        await fixture.Gateway.WaitCompletedAsync(GatewayProcess.QueueIdOf(reply));
        var delivered = Assert.Single(fixture.Smarthost.Messages(), m => m.Message.Contains(marker));
        Assert.Equal("Clerk@lds.example", delivered.MailFrom);
        Assert.Equal(["partner@outside.example"], delivered.RcptTo);
        Assert.Contains("with ESMTPS (Tls1", delivered.Message);
    }
}
