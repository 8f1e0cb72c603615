using MimeKit;
using Smgw.Tests.Infrastructure;
using Xunit;

namespace Smgw.Tests.EndToEnd;

/// <summary>
/// Outbound delivery by MX lookup against a real DNS server (dnsmasq): the MX host's address is
/// looked up with the configured resolver, and a domain that does not exist bounces (DSN 5.1.2).
/// </summary>
public sealed class MxDeliveryTests : IAsyncLifetime
{
    private SmtpSink _internet = null!;
    private SmtpSink _tenantServer = null!;
    private Dnsmasq _dns = null!;
    private GatewayProcess _gateway = null!;

    public async Task InitializeAsync()
    {
        _internet = await SmtpSink.StartAsync();
        _tenantServer = await SmtpSink.StartAsync();
        _dns = await Dnsmasq.StartAsync(
            new Dictionary<string, (string, int)> { ["partner.example"] = ("mx1.partner.example", 10) },
            new Dictionary<string, string> { ["mx1.partner.example"] = "127.0.0.1" });
        _gateway = new GatewayProcess(new Dictionary<string, string>
        {
            ["Smgw__Delivery__DnsServers__0"] = _dns.Endpoint,
            ["Smgw__Delivery__MxPort"] = _internet.Port.ToString(),
        });
        await _gateway.StartAsync();
        await _gateway.PutTenantAsync("lds", new { domains = new[] { "lds.example" }, relayAddresses = new[] { "127.0.0.1" }, internalServer = _tenantServer.Endpoint });
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _dns.DisposeAsync();
        await _internet.DisposeAsync();
        await _tenantServer.DisposeAsync();
    }

    private async Task<string> SubmitAsync(string recipient, string subject)
    {
        await using var smtp = await RawSmtpClient.ConnectAsync(_gateway.SubmissionPort);
        await smtp.SendAsync("EHLO mail.lds.example");
        await smtp.StartTlsAsync();
        await smtp.SendAsync("EHLO mail.lds.example");
        Assert.StartsWith("250", await smtp.SendAsync("MAIL FROM:<clerk@lds.example>"));
        Assert.StartsWith("250", await smtp.SendAsync($"RCPT TO:<{recipient}>"));
        var reply = await smtp.SendDataAsync($"From: clerk@lds.example\nTo: {recipient}\nSubject: {subject}\n\nhello\n");
        Assert.StartsWith("250", reply);
        return GatewayProcess.QueueIdOf(reply);
    }

    [Fact]
    public async Task Outbound_mail_goes_to_the_address_of_the_mx_host()
    {
        const string recipient = "partner@partner.example";
        var subject = $"mx-{Guid.NewGuid():N}";
        var status = await _gateway.WaitCompletedAsync(await SubmitAsync(recipient, subject));
        Assert.Equal("Delivered", status.GetProperty("recipients")[0].GetProperty("state").GetString());
        var delivered = Assert.Single(_internet.Messages(), m => m.Message.Contains(subject));
        Assert.Equal([recipient], delivered.RcptTo);
    }

    [Fact]
    public async Task A_domain_that_does_not_exist_bounces_at_once_with_5_1_2()
    {
        var subject = $"nx-{Guid.NewGuid():N}";
        var status = await _gateway.WaitCompletedAsync(await SubmitAsync("nobody@no-such-domain.example", subject));
        var recipient = status.GetProperty("recipients")[0];
        Assert.Equal("Bounced", recipient.GetProperty("state").GetString());
        Assert.Equal("5.1.2", recipient.GetProperty("status").GetString());
        Assert.Equal(1, recipient.GetProperty("attempts").GetInt32());

        var dsnId = Assert.Single(status.GetProperty("notifications").EnumerateArray()).GetString()!;
        await _gateway.WaitCompletedAsync(dsnId);
        var dsn = Assert.Single(_tenantServer.Messages(), m => m.Message.Contains(subject));
        Assert.Equal("", dsn.MailFrom);
        Assert.Equal(["clerk@lds.example"], dsn.RcptTo);
        var report = Assert.IsType<MultipartReport>(MimeMessage.Load(new MemoryStream(System.Text.Encoding.Latin1.GetBytes(dsn.Message))).Body);
        var fields = Assert.Single(report.OfType<MessageDeliveryStatus>()).StatusGroups[1];
        Assert.Equal("5.1.2", fields["Status"]);
    }
}
