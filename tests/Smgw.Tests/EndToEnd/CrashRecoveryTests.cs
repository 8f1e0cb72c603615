using System.Diagnostics;
using Smgw.Tests.Infrastructure;
using Xunit;

namespace Smgw.Tests.EndToEnd;

/// <summary>kill -9 with messages queued: after a restart every message that got 250 arrives, none twice.</summary>
public sealed class CrashRecoveryTests
{
    [Fact]
    public async Task Every_accepted_message_is_delivered_exactly_once_after_kill_minus_9_and_restart()
    {
        const int count = 60;
        var sinkPort = TestEnvironment.FreePort();
        await using var gateway = new GatewayProcess();
        await gateway.StartAsync();
        await gateway.PutTenantAsync("lds", new { domains = new[] { "lds.example" }, internalServer = $"127.0.0.1:{sinkPort}" });

        // The tenant's server is down: everything stays queued.
        await SmtpSource.SendAsync(gateway.InboundPort, count, sessions: 5, size: 4096, "clerk@lds.example", "crash.test");

        await gateway.KillAsync();

        await using var sink = await SmtpSink.StartAsync(sinkPort);
        await using var restarted = new GatewayProcess(dataDirectory: gateway.DataDirectory);
        await restarted.StartAsync();

        var arrived = await sink.WaitForAsync(count, TimeSpan.FromSeconds(90));
        Assert.Equal(count, arrived.Select(m => m.Header("Message-Id")).Distinct().Count());

        // Nothing more trickles in: the queue is empty and the sink holds exactly `count` messages.
        await Eventually.WaitAsync(async () => (await restarted.Http.GetStringAsync("/api/queue")) == "[]", TimeSpan.FromSeconds(30), "an empty queue");
        Assert.Equal(count, sink.Messages().Count);
    }
}
