using Smgw.Tests.Infrastructure;
using Xunit;

namespace Smgw.Tests.EndToEnd;

/// <summary>
/// Delivery uses STARTTLS when the next hop offers it (RFC 3207, opportunistic): a first gateway
/// delivers to a second one (which offers STARTTLS with a self-signed certificate); the second
/// one's Received header records the TLS session.
/// </summary>
public sealed class OpportunisticTlsTests
{
    [Fact]
    public async Task Delivery_to_a_server_offering_starttls_is_encrypted()
    {
        await using var sink = await SmtpSink.StartAsync();
        await using var downstream = new GatewayProcess(new Dictionary<string, string> { ["Smgw__Smtp__Hostname"] = "downstream.test" });
        await downstream.StartAsync();
        await downstream.PutTenantAsync("lds", new { domains = new[] { "lds.example" }, internalServer = sink.Endpoint });

        await using var upstream = new GatewayProcess();
        await upstream.StartAsync();
        await upstream.PutTenantAsync("lds", new { domains = new[] { "lds.example" }, internalServer = $"127.0.0.1:{downstream.InboundPort}" });

        var subject = $"tls-{Guid.NewGuid():N}";
        await using (var smtp = await RawSmtpClient.ConnectAsync(upstream.InboundPort))
        {
            await smtp.SendAsync("EHLO sender.outside.example");
            await smtp.SendAsync("MAIL FROM:<alice@outside.example>");
            await smtp.SendAsync("RCPT TO:<clerk@lds.example>");
            var reply = await smtp.SendDataAsync($"Subject: {subject}\n\nover TLS\n");
            await upstream.WaitCompletedAsync(GatewayProcess.QueueIdOf(reply));
        }

        var delivered = await sink.WaitForAsync(1, TimeSpan.FromSeconds(60));
        var message = Assert.Single(delivered, m => m.Message.Contains(subject)).Message;
        Assert.Matches(@"by downstream\.test \(SMGW\) with ESMTPS \(Tls1[23]\)", message);
        Assert.Contains("by gw.test (SMGW) with ESMTP id", message);
    }
}
