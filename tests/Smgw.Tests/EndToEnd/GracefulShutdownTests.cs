using System.Net.Sockets;
using Smgw.Tests.Infrastructure;
using Xunit;

namespace Smgw.Tests.EndToEnd;

/// <summary>A stopping gateway refuses new connections but lets an open transaction finish; what got 250 is delivered after the restart.</summary>
public sealed class GracefulShutdownTests
{
    [Fact]
    public async Task A_transaction_open_when_the_gateway_is_stopped_completes_and_is_delivered_after_restart()
    {
        var sinkPort = TestEnvironment.FreePort();
        await using var gateway = new GatewayProcess();
        await gateway.StartAsync();
        await gateway.PutTenantAsync("lds", new { domains = new[] { "lds.example" }, internalServer = $"127.0.0.1:{sinkPort}" });

        await using var smtp = await RawSmtpClient.ConnectAsync(gateway.InboundPort);
        await smtp.SendAsync("EHLO sender.outside.example");
        Assert.StartsWith("250", await smtp.SendAsync("MAIL FROM:<alice@outside.example>"));
        Assert.StartsWith("250", await smtp.SendAsync("RCPT TO:<clerk@lds.example>"));

        gateway.Terminate();
        // New connections are refused once the listeners closed...
        await Eventually.WaitAsync(async () =>
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync("127.0.0.1", gateway.InboundPort);
                return false;
            }
            catch (SocketException)
            {
                return true;
            }
        }, TimeSpan.FromSeconds(30), "the listener to close");

        // ...while the open session still gets its message committed.
        var subject = $"shutdown-{Guid.NewGuid():N}";
        Assert.StartsWith("250 2.0.0", await smtp.SendDataAsync($"Subject: {subject}\n\naccepted while stopping\n"));
        await smtp.SendAsync("QUIT");
        Assert.Equal(0, await gateway.WaitForExitAsync(TimeSpan.FromSeconds(60)));

        await using var sink = await SmtpSink.StartAsync(sinkPort);
        await using var restarted = new GatewayProcess(dataDirectory: gateway.DataDirectory);
        await restarted.StartAsync();
        var arrived = await sink.WaitForAsync(1, TimeSpan.FromSeconds(60));
        Assert.Contains(subject, Assert.Single(arrived).Message);
    }
}
